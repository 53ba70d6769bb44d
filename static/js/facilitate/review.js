// The day-15 review: which idea the screen shows (the walk), each committed
// idea with its reports and the group's decision, and the review date.
import { $, fromTemplate, formatDate, h, setText, show, syncList, t, tn } from "../dom.js";
import {
  allowed, decisionLine, feelingsChart, fillFeelingsChart, fillTriedChart, focusTarget, reviewItems, triedChart, triedMark,
} from "../workshop.js";
import { act, codePoints, config, ctx, maxOf, rerender, showError } from "./common.js";

const el = {
  walk: $("#review-walk"),
  walkPrev: $("#walk-prev"),
  walkOverview: $("#walk-overview"),
  walkNext: $("#walk-next"),
  reviewDateCard: $("#review-date-card"),
  reviewDateForm: $("#review-date-form"),
  reviewDateInput: $("#review-date-input"),
  reviewCard: $("#review-card"),
  reviewCount: $("#review-count"),
  reviewHint: $("#review-hint"),
  reviewList: $("#fac-review-list"),
};

function focusOn(ideaId) {
  return act("review.focus", { idea_id: ideaId });
}

if (el.walk) {
  el.walkPrev.addEventListener("click", () => {
    const target = ctx.live.store && focusTarget(ctx.live.store, -1);
    if (target !== undefined) focusOn(target);
  });
  el.walkNext.addEventListener("click", () => {
    const target = ctx.live.store && focusTarget(ctx.live.store, 1);
    if (target !== undefined) focusOn(target);
  });
  el.walkOverview.addEventListener("click", () => focusOn(null));
}

export function renderWalk(store) {
  if (!el.walk) return;
  const workshop = store.workshop;
  const on = Boolean(allowed(workshop).decide);
  show(el.walk, on);
  if (!on) return;
  const items = reviewItems(store);
  const focused = items.find((item) => item.idea_id === workshop.review_focus_id);
  el.walkPrev.disabled = focusTarget(store, -1) === undefined;
  el.walkNext.disabled = focusTarget(store, 1) === undefined;
  el.walkOverview.disabled = !focused;
}

// The review date: from the preparation until the review itself.
if (el.reviewDateForm) {
  el.reviewDateInput.addEventListener("input", () => (el.reviewDateInput.dataset.dirty = "1"));
  el.reviewDateForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const date = el.reviewDateInput.value;
    if (!el.reviewDateForm.reportValidity()) return;
    if (await act("review_date.set", { date }, t("review_date_moved", "Review moved to %(date)s.", { date: formatDate(date) }))) {
      delete el.reviewDateInput.dataset.dirty;
    }
  });
}

/** The day after `iso`, as YYYY-MM-DD (dates, not times: no time zone to get wrong). */
function dayAfter(iso, days = 1) {
  const [y, m, d] = iso.split("-").map(Number);
  const date = new Date(Date.UTC(y, m - 1, d + days));
  return date.toISOString().slice(0, 10);
}

export function renderReviewDate(store) {
  if (!el.reviewDateCard) return;
  const workshop = store.workshop;
  show(el.reviewDateCard, workshop.phase !== "closed");
  const input = el.reviewDateInput;
  input.min = dayAfter(workshop.date);
  // The server allows a year (atelier/domain/review.py clean_review_date).
  input.max = dayAfter(workshop.date, Number(config.max_review_days) || 366);
  if (!input.dataset.dirty && document.activeElement !== input) input.value = workshop.review_date;
}

// One card per committed idea.
function reviewEntry(item) {
  const id = item.idea_id;
  const li = fromTemplate("fac-review-template", id);
  li.querySelector(".fac-tried").append(triedChart());
  li.querySelector(".fac-feelings").append(feelingsChart());
  li.querySelector(".focus-button").addEventListener("click", (event) => {
    const on = event.currentTarget.getAttribute("aria-pressed") === "true";
    focusOn(on ? null : id);
  });
  const form = li.querySelector(".decision-form");
  form.addEventListener("input", () => {
    form.dataset.dirty = "1";
    showError(form.querySelector(".decision-error"), "");
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const checked = form.querySelector("input[type=radio]:checked");
    const note = form.querySelector(".decision-note");
    const error = form.querySelector(".decision-error");
    const text = note.value.trim();
    if (!checked) return showError(error, t("decision_needed", "Choose a decision first."));
    if (checked.value === "other" && !text) {
      showError(error, t("note_needed", "Say in the note what “other” means."));
      note.focus();
      return;
    }
    const limit = maxOf(note, 500);
    if (codePoints(text) > limit) return showError(error, t("text_too_long", "Text too long: %(limit)s characters at most.", { limit }));
    const dimension = form.querySelector(".decision-dimension").value || null;
    if (await act("decision.set", { idea_id: id, choice: checked.value, note: text, dimension }, t("decision_saved", "Decision saved."))) {
      delete form.dataset.dirty;
      rerender();
    }
  });
  return li;
}

function fillReviewEntry(li, item, store) {
  const workshop = store.workshop;
  const can = allowed(workshop);
  setText(li.querySelector(".idea-text"), item.idea.text);
  const focused = Boolean(can.decide) && workshop.review_focus_id === item.idea_id;
  li.classList.toggle("is-focused", focused);
  const focusButton = li.querySelector(".focus-button");
  show(focusButton, Boolean(can.decide));
  focusButton.setAttribute("aria-pressed", String(focused));
  setText(focusButton, focused ? t("on_screen", "On the screen") : t("show_on_screen", "Show on screen"));
  setText(li.querySelector(".fac-review-counts"), [
    tn("committed_count", item.committed, "%(num)s person committed", "%(num)s people committed"),
    t("answered_of", "%(done)s of %(total)s answered", { done: item.reports, total: item.committed }),
  ].join(" · "));
  fillTriedChart(li.querySelector(".fac-tried"), item);
  fillFeelingsChart(li.querySelector(".fac-feelings"), item);

  const comments = li.querySelector(".fac-comments");
  show(comments, item.comments.length > 0);
  setText(comments.querySelector("summary"), tn("comments_count", item.comments.length, "%(num)s comment", "%(num)s comments"));
  syncList(comments.querySelector(".fac-comment-list"), item.comments, (c) => item.comments.indexOf(c),
    () => h("li", { class: "fac-comment" },
      h("span", { class: "fac-comment-mark" }),
      h("span", { class: "fac-comment-text user-text", dir: "auto" }),
      h("span", { class: "fac-comment-author user-text", dir: "auto" })),
    (row, c) => {
      const mark = row.querySelector(".fac-comment-mark");
      if (mark.dataset.tried !== c.tried) {
        mark.dataset.tried = c.tried;
        mark.replaceChildren(triedMark(c.tried));
      }
      setText(row.querySelector(".fac-comment-text"), c.text);
      setText(row.querySelector(".fac-comment-author"), c.author ? ` — ${c.author}` : "");
    });

  // Decisions are taken at the review; before, nothing; after, read-only.
  const form = li.querySelector(".decision-form");
  show(form, Boolean(can.decide));
  const read = li.querySelector(".decision-read");
  show(read, !can.decide && Boolean(item.decision));
  setText(read.querySelector(".decision-text"), decisionLine(item.decision));
  if (can.decide && !form.dataset.dirty && !form.contains(document.activeElement)) {
    const choice = item.decision ? item.decision.choice : null;
    for (const input of form.querySelectorAll("input[type=radio]")) input.checked = input.value === choice;
    form.querySelector(".decision-note").value = item.decision ? item.decision.note || "" : "";
    form.querySelector(".decision-dimension").value = (item.decision && item.decision.dimension) || "";
  }
  li.classList.toggle("is-decided", Boolean(item.decision));
}

export function renderReview(store) {
  if (!el.reviewCard) return;
  const workshop = store.workshop;
  const phase = workshop.phase;
  const on = ["results", "review", "closed"].includes(phase);
  show(el.reviewCard, on);
  if (!on) return;
  const items = reviewItems(store);
  setText(el.reviewCount, `(${items.length})`);
  const hints = {
    results: () => t("review_hint_results", "Reports filed before the meeting show up here. The room sees them once the review is open."),
    review: () => t("review_hint_review", "Put each idea on the screen, talk it through, record what the group decides."),
    closed: () => t("review_hint_closed", "The workshop is closed: this is what the group decided."),
  };
  setText(el.reviewHint, hints[phase]());
  show($("#review-jump"), items.length > 2 && Boolean(allowed(workshop).decide));
  syncList(el.reviewList, items, (item) => item.idea_id, reviewEntry, (li, item) => fillReviewEntry(li, item, store));
  if (!items.length) {
    el.reviewList.replaceChildren(h("li", { class: "empty", text: t("no_commitments_room", "Nobody committed to an idea.") }));
  }
}

