// The facilitator's page and phone remote: steps, timer, tallies, settings,
// who is in, tidying ideas (edit, hide, merge), and the day-15 review
// (the screen's focus, decisions, the next step, the review date). Each
// part is wired only if the page has it, so the remote is the same script
// with fewer parts. What a step allows is the server's `workshop.allowed`.
import { $, $$, formatDate, fromTemplate, h, readJSON, setText, show, syncList, t, tn, wireCopyButtons } from "./dom.js";
import { renderFloodGuard, wireFloodGuard } from "./flood.js";
import { wireClaims } from "./claims.js";
import { createLive } from "./live.js";
import {
  PHASES, allowed, authorsLine, decisionLine, feelingsChart, fillFeelingsChart, fillTriedChart, focusTarget, mirror,
  nextPhase, nextStepName, phaseName, previousPhase, renderTimer, reviewItems, tally, triedChart, triedMark, triedSummary,
} from "./workshop.js";

const config = readJSON("atelier-config");
const el = {
  phase: $("#phase"),
  stepper: $("#stepper"),
  prev: $("#step-prev"),
  next: $("#step-next"),
  timer: $("#timer"),
  timerStop: $("#timer-stop"),
  reveal: $("#reveal"),
  voteCard: $("#vote-card"),
  voteProgress: $("#vote-progress"),
  settingsCard: $("#settings-card"),
  settings: $("#settings"),
  participants: $("#participants"),
  participantCount: $("#participant-count"),
  clientIdeas: $("#client-ideas"),
  clientCount: $("#client-count"),
  colleagueIdeas: $("#colleague-ideas"),
  colleagueCount: $("#colleague-count"),
  mergeBanner: $("#merge-banner"),
  status: $("#fac-status"),
  countPeople: $("#count-people"),
  countIdeas: $("#count-ideas"),
  countVoters: $("#count-voters"),
  title: $("#workshop-title"),
  timerCard: $("#timer-card"),
  closeDialog: $("#close-dialog"),
  walk: $("#review-walk"),
  walkNow: $("#walk-now"),
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
  outcomeCard: $("#outcome-card"),
  outcomeForm: $("#outcome-form"),
  outcomeError: $("#outcome-error"),
  outcomeRead: $("#outcome-read"),
  lessonsCount: $("#lessons-count"),
  dangerZone: $("#danger-zone"),
};

let statusTimer = null;
function say(message, isError = false) {
  if (!el.status) return;
  setText(el.status, message);
  el.status.classList.toggle("is-error", isError);
  show(el.status, Boolean(message));
  clearTimeout(statusTimer);
  statusTimer = setTimeout(() => show(el.status, false), isError ? 8000 : 3000);
}

/** Send an action; say the server's refusal, or `done` when it worked. */
async function act(event, payload, done) {
  const ack = await live.send(event, payload);
  if (!ack.ok) say(ack.error.message, true);
  else if (done) say(done);
  return ack.ok;
}

// ---- steps, timer, tallies ----

for (const button of [el.prev, el.next].filter(Boolean)) {
  button.addEventListener("click", () => {
    if (!live.store) return;
    const workshop = live.store.workshop;
    const target = button === el.next ? nextPhase(workshop) : previousPhase(workshop);
    if (target === "closed") el.closeDialog.showModal(); // final: asked once more
    else if (target) act("phase.set", { phase: target });
  });
}

if (el.closeDialog) {
  $("#close-cancel").addEventListener("click", () => el.closeDialog.close());
  $("#close-confirm").addEventListener("click", async () => {
    el.closeDialog.close();
    await act("phase.set", { phase: "closed" });
    $("#main").focus(); // the step buttons are gone: keep the focus in the page
  });
}

for (const button of $$(".timer-preset")) {
  button.addEventListener("click", () =>
    act("timer.start", { seconds: Number(button.dataset.seconds) }, t("timer_started", "Timer started.")));
}
if (el.timerStop) el.timerStop.addEventListener("click", () => act("timer.stop", {}, t("timer_stopped", "Timer stopped.")));

if (el.reveal) {
  el.reveal.addEventListener("click", () => {
    const revealed = !live.store.workshop.tallies_revealed;
    act("tallies.reveal", { revealed },
      revealed ? t("tallies_shown", "Tallies shown on the screen.") : t("tallies_hidden", "Tallies hidden from the screen."));
  });
}

function renderSteps(store) {
  const workshop = store.workshop;
  const phase = workshop.phase;
  setText(el.phase, phaseName(phase));
  el.phase.dataset.phase = phase;
  if (el.stepper) {
    for (const li of el.stepper.children) {
      if (li.dataset.step === phase) li.setAttribute("aria-current", "step");
      else li.removeAttribute("aria-current");
      li.classList.toggle("is-done", PHASES.indexOf(li.dataset.step) < PHASES.indexOf(phase));
    }
  }
  const prev = previousPhase(workshop);
  const next = nextPhase(workshop);
  el.prev.disabled = !prev;
  el.next.disabled = !next;
  show(el.prev, phase !== "closed");
  show(el.next, phase !== "closed");
  // At the review the walk through the ideas is the main thing; closing stays quieter.
  el.next.classList.toggle("button-danger-outline", next === "closed");
  el.next.classList.toggle("button-primary", next !== "closed");
  setText(el.prev.querySelector(".step-label"),
    prev ? t("back_to", "Back to: %(step)s", { step: phaseName(prev) }) : t("previous_step", "Previous step"));
  let nextLabel = t("next_step", "Next step");
  if (next === "closed") nextLabel = t("close_workshop", "Close the workshop…");
  else if (next === "review") nextLabel = t("open_review", "Open the review");
  else if (next) nextLabel = t("next_to", "Next: %(step)s", { step: phaseName(next) });
  setText(el.next.querySelector(".step-label"), nextLabel);
}

function renderVoteControls(store) {
  const { workshop, votes, participants } = store;
  const inVote = ["vote", "results"].includes(workshop.phase);
  show(el.voteCard, inVote);
  if (el.reveal) {
    show(el.reveal, workshop.phase === "vote");
    el.reveal.setAttribute("aria-pressed", String(workshop.tallies_revealed));
    setText(el.reveal, workshop.tallies_revealed ? t("hide_tallies", "Hide tallies") : t("reveal", "Reveal tallies"));
  }
  if (el.voteProgress) {
    setText(el.voteProgress, t("have_chosen", "%(done)s of %(total)s have chosen",
      { done: votes.complete || 0, total: participants.length }));
  }
}

function renderCounts(store) {
  if (!el.countPeople) return;
  setText(el.countPeople, String(store.participants.length));
  setText(el.countIdeas, String(store.ideas.filter((i) => !i.hidden).length));
  // From the results on, what counts is who told how their commitments went.
  const reporting = PHASES.indexOf(store.workshop.phase) >= PHASES.indexOf("results") && store.review;
  if (reporting) {
    const items = reviewItems(store);
    const answers = items.reduce((n, item) => n + item.reports, 0);
    const promised = items.reduce((n, item) => n + item.committed, 0);
    setText($("#count-voters-label"), t("count_answers", "Answers"));
    setText(el.countVoters, `${answers} / ${promised}`);
  } else {
    setText($("#count-voters-label"), t("count_chosen", "Have chosen"));
    setText(el.countVoters, `${store.votes.complete || 0} / ${store.participants.length}`);
  }
}

// ---- settings ----

let settingsDirty = false;
if (el.settings) {
  el.settings.addEventListener("input", () => (settingsDirty = true));
  el.settings.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!el.settings.reportValidity()) return;
    const form = el.settings.elements;
    const workshop = live.store.workshop;
    const values = {
      title: form.title.value.trim(),
      team: form.team.value.trim(),
      language: form.language.value,
      date: form.date.value,
      votes_per_person: Number(form.votes_per_person.value),
      commitment_days: Number(form.commitment_days.value),
      show_names: form.show_names.checked,
    };
    // Only what changed: some settings lock once the vote has started.
    const changed = Object.fromEntries(Object.entries(values).filter(([k, v]) => workshop[k] !== v));
    if (!Object.keys(changed).length) {
      settingsDirty = false;
      say(t("saved", "Saved."));
      return;
    }
    if (await act("workshop.update", { settings: changed }, t("saved", "Saved."))) settingsDirty = false;
  });
}

function renderSettings(store) {
  if (!el.settings) return;
  const workshop = store.workshop;
  show(el.settingsCard, ["draft", "lobby"].includes(workshop.phase));
  if (el.title) setText(el.title, workshop.title);
  // Never overwrite what the facilitator is typing.
  if (settingsDirty || el.settings.contains(document.activeElement)) return;
  const form = el.settings.elements;
  form.title.value = workshop.title;
  form.team.value = workshop.team || "";
  form.language.value = workshop.language;
  form.date.value = workshop.date;
  form.votes_per_person.value = workshop.votes_per_person;
  form.commitment_days.value = workshop.commitment_days;
  form.show_names.checked = workshop.show_names;
}

// ---- who is in ----

function renderPeople(store) {
  if (!el.participants) return;
  setText(el.participantCount, `(${store.participants.length})`);
  syncList(el.participants, store.participants, (p) => p.id,
    () => h("li", { class: "person user-text", dir: "auto" }),
    (li, p) => setText(li, p.name));
  if (!store.participants.length) {
    el.participants.replaceChildren(h("li", { class: "empty", text: t("nobody_yet", "Nobody has joined yet.") }));
  }
}

// ---- ideas: edit, hide, merge ----

let editing = null; // id of the idea being edited
let merging = null; // the idea chosen to be merged into another

function startEdit(id) {
  editing = id;
  merging = null;
  live.render();
}

async function saveEdit(idea, text) {
  const clean = text.trim();
  if (clean === idea.text) {
    editing = null;
    live.render();
    return;
  }
  if (await act("idea.edit", { idea_id: idea.id, text: clean }, t("saved", "Saved."))) {
    editing = null;
    live.render();
  }
}

function editor(idea) {
  const area = h("textarea", { class: "edit-text", rows: "3", dir: "auto", "aria-label": t("edit", "Edit") });
  area.value = idea.text;
  const form = h("form", { class: "edit-form" }, area,
    h("div", { class: "actions" },
      h("button", { type: "submit", class: "button button-primary button-small", text: t("save", "Save") }),
      h("button", { type: "button", class: "button button-small", text: t("cancel", "Cancel"), onclick: () => {
        editing = null;
        live.render();
      } })));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    saveEdit(idea, area.value);
  });
  area.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      editing = null;
      live.render();
    } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  setTimeout(() => area.focus(), 0);
  return form;
}

function ideaRow() {
  return h("li", { class: "fac-idea", "data-testid": "idea" },
    h("div", { class: "fac-idea-body" },
      h("p", { class: "idea-text user-text", dir: "auto" }),
      h("p", { class: "idea-meta" })),
    h("span", { class: "tally-badge" }),
    h("div", { class: "actions row-actions" }));
}

/** An action button; one delegated listener (below) reads the idea fresh from the store. */
function actionButton(action, label, extra = "") {
  return h("button", { type: "button", class: `button button-small ${extra}`, "data-act": action, text: label });
}

function fillRow(li, idea, store) {
  const phase = store.workshop.phase;
  li.dataset.id = idea.id;
  li.classList.toggle("is-hidden", Boolean(idea.hidden));
  li.classList.toggle("is-merging", Boolean(merging && merging.id === idea.id));
  const body = li.querySelector(".fac-idea-body");
  const isEditing = editing === idea.id;
  const existing = body.querySelector(".edit-form");
  if (isEditing && !existing) body.replaceChildren(editor(idea));
  else if (!isEditing && existing) {
    body.replaceChildren(h("p", { class: "idea-text user-text", dir: "auto" }), h("p", { class: "idea-meta" }));
  }
  if (!isEditing) {
    setText(body.querySelector(".idea-text"), idea.text);
    const meta = [authorsLine(idea), idea.hidden ? t("hidden", "hidden") : ""].filter(Boolean).join(" · ");
    setText(body.querySelector(".idea-meta"), meta);
    show(body.querySelector(".idea-meta"), Boolean(meta));
  }
  const badge = li.querySelector(":scope > .tally-badge");
  const counted = idea.kind === "colleague" && PHASES.indexOf(phase) >= PHASES.indexOf("vote");
  setText(badge, counted ? tn("votes_count", tally(store, idea.id), "%(num)s vote", "%(num)s votes") : "");
  show(badge, counted);

  const actions = [];
  if (merging) {
    if (merging.id !== idea.id && merging.kind === idea.kind && !idea.hidden) {
      actions.push(actionButton("merge-into", t("merge_into", "Keep this one"), "button-primary"));
    }
  } else if (!isEditing) {
    const can = allowed(store.workshop);
    if (can.edit) actions.push(actionButton("edit", t("edit", "Edit")));
    if (can.tidy) {
      actions.push(actionButton("hide", idea.hidden ? t("unhide", "Show again") : t("hide", "Hide")));
      if (!idea.hidden) actions.push(actionButton("merge", t("merge", "Merge…")));
    }
  }
  // Rebuild the buttons only when they change: keyboard focus stays put.
  const box = li.querySelector(".row-actions");
  const signature = actions.map((b) => `${b.dataset.act}:${b.textContent}`).join("|");
  if (box.dataset.signature !== signature) {
    box.dataset.signature = signature;
    box.replaceChildren(...actions);
  }
}

async function onIdeaAction(event) {
  const target = event.target.closest("button[data-act]");
  if (!target || !live.store) return;
  const id = Number(target.closest("[data-id]").dataset.id);
  const idea = live.store.ideas.find((i) => i.id === id);
  if (!idea) return;
  const action = target.dataset.act;
  if (action === "edit") startEdit(id);
  else if (action === "hide") act("idea.hide", { idea_id: id, hidden: !idea.hidden });
  else if (action === "merge") {
    merging = idea;
    editing = null;
    live.render();
  } else if (action === "merge-into" && merging) {
    const source = merging;
    merging = null;
    live.render();
    act("idea.merge", { idea_id: source.id, into_id: id }, t("saved", "Saved."));
  }
}
for (const list of [el.clientIdeas, el.colleagueIdeas].filter(Boolean)) list.addEventListener("click", onIdeaAction);

function renderIdeas(store) {
  if (!el.clientIdeas) return;
  // Before ideas come in, the page is about getting ready: no empty lists.
  const early = ["draft", "lobby"].includes(store.workshop.phase) && !store.ideas.length;
  for (const section of $$(".ideas-section")) show(section, !early);
  if (merging && !store.ideas.some((i) => i.id === merging.id)) merging = null;
  if (editing && !store.ideas.some((i) => i.id === editing)) editing = null;
  show(el.mergeBanner, Boolean(merging));
  if (merging) {
    setText(el.mergeBanner.querySelector(".merge-text"),
      t("merging", "Merging “%(text)s”: choose the idea to keep.", { text: merging.text }));
  }

  const clients = store.ideas.filter((i) => i.kind === "client");
  setText(el.clientCount, `(${clients.length})`);
  syncList(el.clientIdeas, clients, (i) => i.id, ideaRow, (li, idea) => fillRow(li, idea, store));
  if (!clients.length) el.clientIdeas.replaceChildren(h("li", { class: "empty", text: t("no_ideas_yet", "No ideas yet.") }));

  const { pairs, free } = mirror(store);
  const groups = pairs.filter((p) => p.versions.length).map((p) => ({ key: `g${p.client.id}`, client: p.client, ideas: p.versions }));
  if (free.length) groups.push({ key: "free", client: null, ideas: free });
  setText(el.colleagueCount, `(${store.ideas.length - clients.length})`);
  syncList(el.colleagueIdeas, groups, (g) => g.key,
    () => h("section", { class: "fac-group" },
      h("p", { class: "fac-group-title" }, h("span", { class: "vote-group-label" }), " ", h("span", { class: "user-text", dir: "auto" })),
      h("ul", { class: "fac-list" })),
    (section, g) => {
      setText(section.querySelector(".vote-group-label"), g.client ? t("from_client", "From the client idea:") : t("free_ideas", "Free ideas"));
      setText(section.querySelector(".user-text"), g.client ? g.client.text : "");
      syncList(section.querySelector(".fac-list"), g.ideas, (i) => i.id, ideaRow, (li, idea) => fillRow(li, idea, store));
    });
  if (!groups.length) el.colleagueIdeas.replaceChildren(h("p", { class: "empty", text: t("no_ideas_yet", "No ideas yet.") }));
}

const mergeCancel = $("#merge-cancel");
if (mergeCancel) {
  mergeCancel.addEventListener("click", () => {
    merging = null;
    live.render();
  });
}
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && merging) {
    merging = null;
    live.render();
  }
});

// ---- the day-15 review: the screen's focus, decisions, next step, date ----

const codePoints = (text) => [...text].length;
const maxOf = (input, fallback) => Number(input && input.dataset.max) || fallback;

function showError(target, message) {
  if (!target) return;
  setText(target, message || "");
  show(target, Boolean(message));
}

function focusOn(ideaId) {
  return act("review.focus", { idea_id: ideaId });
}

if (el.walk) {
  el.walkPrev.addEventListener("click", () => {
    const target = live.store && focusTarget(live.store, -1);
    if (target !== undefined) focusOn(target);
  });
  el.walkNext.addEventListener("click", () => {
    const target = live.store && focusTarget(live.store, 1);
    if (target !== undefined) focusOn(target);
  });
  el.walkOverview.addEventListener("click", () => focusOn(null));
}

function renderWalk(store) {
  if (!el.walk) return;
  const workshop = store.workshop;
  const on = Boolean(allowed(workshop).decide);
  show(el.walk, on);
  if (!on) return;
  const items = reviewItems(store);
  const focused = items.find((item) => item.idea_id === workshop.review_focus_id);
  setText(el.walkNow, focused
    ? t("screen_shows", "The screen shows: %(text)s", { text: focused.idea.text })
    : t("screen_overview", "The screen shows the overview of all the ideas."));
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

function renderReviewDate(store) {
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
    if (await act("decision.set", { idea_id: id, choice: checked.value, note: text }, t("decision_saved", "Decision saved."))) {
      delete form.dataset.dirty;
      live.render();
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
  }
  li.classList.toggle("is-decided", Boolean(item.decision));
}

function renderReview(store) {
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

// The workshop's next step, as the method names them, and lessons learned.
function countLessons() {
  const lessons = el.outcomeForm.elements.lessons;
  const n = codePoints(lessons.value.trim());
  const limit = maxOf(lessons, 2000);
  setText(el.lessonsCount, `${n} / ${limit}`);
  el.lessonsCount.classList.toggle("is-over", n > limit);
}

if (el.outcomeForm) {
  const form = el.outcomeForm;
  const lessons = form.elements.lessons;
  form.addEventListener("input", () => {
    form.dataset.dirty = "1";
    showError(el.outcomeError, "");
    countLessons();
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const checked = form.querySelector("input[name=next_step]:checked");
    const nextStep = checked && checked.value ? checked.value : null;
    const note = form.elements.note.value.trim();
    const text = lessons.value.trim();
    if (nextStep === "other" && !note) {
      showError(el.outcomeError, t("note_needed", "Say in the note what “other” means."));
      form.elements.note.focus();
      return;
    }
    for (const [value, input, fallback] of [[note, form.elements.note, 500], [text, lessons, 2000]]) {
      const limit = maxOf(input, fallback);
      if (codePoints(value) > limit) {
        showError(el.outcomeError, t("text_too_long", "Text too long: %(limit)s characters at most.", { limit }));
        input.focus();
        return;
      }
    }
    if (await act("review.outcome", { next_step: nextStep, note, lessons: text }, t("saved", "Saved."))) {
      delete form.dataset.dirty;
    }
  });
  countLessons();
}

function renderOutcome(store) {
  if (!el.outcomeCard) return;
  const workshop = store.workshop;
  const can = Boolean(allowed(workshop).decide);
  const closed = workshop.phase === "closed";
  show(el.outcomeCard, can || closed);
  show(el.outcomeForm, can);
  show(el.outcomeRead, closed);
  if (closed) {
    const next = [workshop.next_step ? nextStepName(workshop.next_step) : t("not_decided", "Not decided"), workshop.next_step_note]
      .filter(Boolean).join(" — ");
    setText($("#outcome-read-next"), next);
    setText($("#outcome-read-lessons"), workshop.lessons || "–");
  }
  const form = el.outcomeForm;
  if (!can || form.dataset.dirty || form.contains(document.activeElement)) return;
  for (const input of form.querySelectorAll("input[name=next_step]")) input.checked = input.value === (workshop.next_step || "");
  form.elements.note.value = workshop.next_step_note || "";
  form.elements.lessons.value = workshop.lessons || "";
  countLessons();
}

// ---- all together ----

let lastPhase = null;

function render(liveState) {
  const store = liveState.store;
  const phase = store.workshop.phase;
  document.body.dataset.phase = phase;
  renderFloodGuard(store.workshop);
  renderSteps(store);
  renderWalk(store);
  renderReviewDate(store);
  renderReview(store);
  renderOutcome(store);
  // Closed: read-only for good; what is left to do is export (or delete).
  show(el.timerCard, phase !== "closed");
  if (el.dangerZone && phase === "closed" && lastPhase && lastPhase !== "closed") el.dangerZone.open = true;
  lastPhase = phase;
  renderVoteControls(store);
  renderCounts(store);
  renderSettings(store);
  renderPeople(store);
  renderIdeas(store);
  renderTimer([el.timer], store.workshop, live.now());
  if (el.timerStop) el.timerStop.disabled = !store.workshop.timer;
}

const secretDone = $("#secret-done");
if (secretDone) {
  secretDone.addEventListener("click", () => {
    $("#secret-link").remove();
    $("#main").focus(); // the removed button had focus: keep it in the page
  });
}

const live = createLive(config, { render });
wireFloodGuard(act);
wireClaims(live, act);
wireCopyButtons();
setInterval(() => live.store && renderTimer([el.timer], live.store.workshop, live.now()), 500);
