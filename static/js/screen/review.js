// The day-15 review on the screen (the overview, one idea in focus, the
// group's outcome) and the closed workshop.
import { h, setText, show, syncList, t, tn } from "../dom.js";
import {
  decisionLine, feelingsChart, fillFeelingsChart, fillTriedChart, nextStepName, reviewItems, triedChart, triedMark,
  triedSummary,
} from "../workshop.js";
import { paginate } from "./pager.js";
import { CARDS, isNew } from "./steps.js";

const GRID = { densities: ["xl", "l", "m", "m4"], choices: 2 };

function countsLine(item) {
  return [
    tn("committed_count", item.committed, "%(num)s person committed", "%(num)s people committed"),
    t("answered_of", "%(done)s of %(total)s answered", { done: item.reports, total: item.committed }),
  ].join(" · ");
}

function reviewCard() {
  return h("li", { class: "review-card", "data-testid": "review-item" },
    h("p", { class: "review-card-text user-text", dir: "auto" }),
    h("p", { class: "review-card-counts" }),
    triedChart(),
    h("p", { class: "review-card-decision" },
      h("span", { class: "decision-label", text: t("decision_label", "Decision:") }), " ",
      h("span", { class: "decision-text user-text", dir: "auto" })));
}

function fillReviewCard(li, item) {
  setText(li.querySelector(".review-card-text"), item.idea.text);
  setText(li.querySelector(".review-card-counts"), countsLine(item));
  fillTriedChart(li.querySelector(".tried"), item);
  const decision = li.querySelector(".review-card-decision");
  setText(decision.querySelector(".decision-text"), decisionLine(item.decision));
  show(decision, Boolean(item.decision));
}

function renderOutcome(box, workshop) {
  const { next_step: next, next_step_note: note, lessons } = workshop;
  show(box, Boolean(next || note || lessons));
  const nextLine = box.querySelector(".outcome-line");
  show(nextLine, Boolean(next || note));
  setText(box.querySelector(".outcome-next"), next ? nextStepName(next) : "");
  setText(box.querySelector(".outcome-note"), note ? (next ? ` — ${note}` : note) : "");
  show(box.querySelector(".outcome-lessons-line"), Boolean(lessons));
  setText(box.querySelector(".outcome-lessons"), lessons || "");
}

function comment(c) {
  return h("li", { class: `comment${isNew(`c${c.key}`) ? " is-new" : ""}` },
    h("p", { class: "comment-text user-text", dir: "auto" }),
    h("p", { class: "comment-by" }, h("span", { class: "comment-mark" }), h("span", { class: "comment-author user-text", dir: "auto" })));
}

function fillComment(li, c) {
  setText(li.querySelector(".comment-text"), c.text);
  const mark = li.querySelector(".comment-mark");
  if (mark.dataset.tried !== c.tried) {
    mark.dataset.tried = c.tried;
    mark.replaceChildren(triedMark(c.tried), " ", triedSummary(c.tried));
  }
  setText(li.querySelector(".comment-author"), c.author ? ` — ${c.author}` : "");
}

// The idea in focus is shown whole: its type shrinks until the charts have their room.
const FOCUS_SIZES = ["xl", "l", "m", "s", "xs"];
const overflows = (box) => box.scrollHeight > box.clientHeight + 1;

function renderFocus(el, store, item) {
  const box = el.focus;
  box.dataset.ideaId = item.idea_id;
  const parent = item.idea.parent_id != null ? store.ideas.find((i) => i.id === item.idea.parent_id) : null;
  show(box.querySelector(".focus-from"), Boolean(parent));
  setText(box.querySelector(".focus-from-text"), parent ? parent.text : "");
  setText(box.querySelector(".focus-text"), item.idea.text);
  setText(box.querySelector(".focus-counts"), countsLine(item));
  const tried = box.querySelector(".focus-tried");
  if (!tried.firstChild) tried.append(triedChart());
  fillTriedChart(tried, item);
  const feelings = box.querySelector(".focus-feelings");
  if (!feelings.firstChild) feelings.append(feelingsChart());
  fillFeelingsChart(feelings, item);
  const decision = box.querySelector(".focus-decision");
  setText(decision.querySelector(".decision-text"), decisionLine(item.decision));
  show(decision, Boolean(item.decision));
  show(el.commentsEmpty, !item.comments.length);
  for (const size of FOCUS_SIZES) {
    box.dataset.size = size;
    if (!overflows(box)) break;
  }
  const comments = item.comments.map((c, n) => ({ ...c, key: `${item.idea_id}:${n}` }));
  paginate(el.comments, comments, (shown) => syncList(el.comments, shown, (c) => c.key, comment, fillComment),
    { densities: CARDS, keyOf: (c) => c.key });
}

/** `barometer`: the barometer's day 0 / day 15 comparison has the overview (screen/barometer.js). */
export function renderReview(el, store, barometer = false) {
  const items = reviewItems(store);
  const focused = items.find((item) => item.idea_id === store.workshop.review_focus_id);
  show(el.reviewOverview, !focused);
  show(el.focus, Boolean(focused));
  show(el.reviewOutcome, false);
  if (focused) {
    renderFocus(el, store, focused);
    return;
  }
  show(el.reviewEmpty, !items.length && !barometer);
  show(el.reviewGrid, !barometer);
  renderOutcome(el.reviewOutcome, store.workshop);
  if (barometer) return;
  paginate(el.reviewGrid, items, (shown) => syncList(el.reviewGrid, shown, (i) => i.idea_id, reviewCard, fillReviewCard),
    { ...GRID, keyOf: (i) => i.idea_id });
}

function closedItem() {
  return h("li", { class: "closed-item", "data-testid": "review-item" },
    h("p", { class: "closed-text user-text", dir: "auto" }),
    h("p", { class: "closed-summary" }),
    h("p", { class: "closed-decision" },
      h("span", { class: "decision-label", text: t("decision_label", "Decision:") }), " ",
      h("span", { class: "decision-text user-text", dir: "auto" })));
}

function fillClosedItem(li, item) {
  setText(li.querySelector(".closed-text"), item.idea.text);
  const tried = item.tried;
  setText(li.querySelector(".closed-summary"), [
    tn("committed_count", item.committed, "%(num)s person committed", "%(num)s people committed"),
    t("tried_counts", "tried: %(yes)s yes, %(partly)s partly, %(no)s no", tried),
  ].join(" · "));
  const decision = li.querySelector(".closed-decision");
  setText(decision.querySelector(".decision-text"), item.decision ? decisionLine(item.decision) : t("no_decision", "no decision recorded"));
  decision.classList.toggle("is-none", !item.decision);
}

export function renderClosed(el, store) {
  renderOutcome(el.closedOutcome, store.workshop);
  paginate(el.closedList, reviewItems(store), (shown) =>
    syncList(el.closedList, shown, (i) => i.idea_id, closedItem, fillClosedItem), { ...GRID, keyOf: (i) => i.idea_id });
}
