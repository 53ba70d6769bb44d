// What every face knows about a workshop: its steps, its ideas, its timer.
import { formatClock, formatDate, h, lang, setText, show, t, tn, upFirst } from "./dom.js";

// Every step in order (atelier/domain/phases.py Phase). Which moves are
// allowed from a step is the server's call: `workshop.allowed.moves`.
export const PHASES = ["draft", "lobby", "client_ideas", "transposition", "vote", "results", "review", "closed"];

const NAMES = {
  draft: "Preparation",
  lobby: "Welcome",
  client_ideas: "%(persons)s ideas", // who the team serves (dom.js fills it)
  transposition: "Transposition",
  vote: "Commitments",
  results: "Results",
  review: "Review",
  closed: "Closed",
};

export function phaseName(phase) {
  return upFirst(t(`phase_${phase}`, NAMES[phase] || phase));
}

/** What the current step allows (the server's `workshop.allowed`); nothing when unknown. */
export function allowed(workshop) {
  return (workshop && workshop.allowed) || {};
}

function moves(workshop) {
  return Array.isArray(allowed(workshop).moves) ? allowed(workshop).moves : [];
}

/** The allowed move forward; null at the end. */
export function nextPhase(workshop) {
  const here = PHASES.indexOf(workshop.phase);
  return moves(workshop).find((p) => PHASES.indexOf(p) > here) || null;
}

/** The allowed move back (never to draft once the room is in: the server says so). */
export function previousPhase(workshop) {
  const here = PHASES.indexOf(workshop.phase);
  const back = moves(workshop).filter((p) => PHASES.indexOf(p) < here);
  return back.length ? back[back.length - 1] : null;
}

export function clientIdeas(store) {
  return store.ideas.filter((i) => i.kind === "client");
}

export function colleagueIdeas(store) {
  return store.ideas.filter((i) => i.kind === "colleague");
}

/**
 * The mirror: each client idea with its colleague versions, the ideas
 * carried over from another workshop (`origin`, no parent: offered from the
 * start), then the free colleague ideas (no parent, or a parent no longer shown).
 */
export function mirror(store, { includeHidden = true } = {}) {
  const ideas = includeHidden ? store.ideas : store.ideas.filter((i) => !i.hidden);
  const clients = ideas.filter((i) => i.kind === "client");
  const byParent = new Map(clients.map((c) => [c.id, []]));
  const free = [];
  const carried = [];
  for (const idea of ideas) {
    if (idea.kind !== "colleague") continue;
    const siblings = idea.parent_id != null ? byParent.get(idea.parent_id) : null;
    (siblings || (idea.origin ? carried : free)).push(idea);
  }
  return { pairs: clients.map((client) => ({ client, versions: byParent.get(client.id) })), free, carried };
}

/**
 * How a carried-over idea went where it comes from, aggregates only:
 * "Nantes, 5 Oct 2026 · 4 committed · 3 tried it · feeling 3.7/5 · decision: Keep going"
 * (atelier/origin_texts.py says it the same way). Set it as text: the team is typed.
 */
export function originLine(origin) {
  if (!origin) return "";
  const day = formatDate(origin.date, "medium");
  const tried = (origin.tried.yes || 0) + (origin.tried.partly || 0);
  const parts = [
    origin.team ? t("origin_where", "%(team)s, %(date)s", { team: origin.team, date: day }) : day,
    tn("origin_committed", origin.committed, "%(num)s committed", "%(num)s committed"),
    tn("origin_tried", tried, "%(num)s tried it", "%(num)s tried it"),
  ];
  if (origin.feeling != null) {
    const mean = new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(origin.feeling);
    parts.push(t("origin_feeling", "feeling %(mean)s/5", { mean }));
  }
  parts.push(origin.decision
    ? t("origin_decision", "decision: %(choice)s", { choice: decisionName(origin.decision) })
    : t("origin_no_decision", "no decision"));
  return parts.join(" · ");
}

export function tally(store, id) {
  const tallies = store.votes && store.votes.tallies;
  return (tallies && tallies[String(id)]) || 0;
}

/**
 * Colleague ideas by votes, most first; ties keep the order they were
 * posted. The ranking shown to the room keeps only ideas someone chose:
 * a long tail of zeros only makes the type smaller.
 */
export function ranking(store, { chosenOnly = false } = {}) {
  return colleagueIdeas(store)
    .filter((i) => !i.hidden)
    .map((idea) => ({ idea, count: tally(store, idea.id) }))
    .filter((r) => !chosenOnly || r.count > 0)
    .sort((a, b) => b.count - a.count || a.idea.id - b.idea.id);
}

export function authorsLine(idea) {
  return idea.authors && idea.authors.length ? idea.authors.join(", ") : "";
}

/**
 * Show the countdown in every `el` (several per page are fine).
 * `now` is the server-corrected clock. Returns true while it runs.
 */
export function renderTimer(els, workshop, now) {
  const timer = workshop && workshop.timer;
  const list = els.filter(Boolean);
  if (!timer) {
    for (const el of list) {
      el.hidden = true;
      el.classList.remove("is-over", "is-ending");
    }
    return false;
  }
  const left = Date.parse(timer.ends_at) - now;
  const text = left > 0 ? formatClock(left) : t("time_up", "Time's up");
  for (const el of list) {
    el.hidden = false;
    setText(el.querySelector(".timer-value") || el, text);
    el.classList.toggle("is-over", left <= 0);
    el.classList.toggle("is-ending", left > 0 && left <= 30000);
  }
  return left > 0;
}

// ---- the day-15 review ------------------------------------------------------

const DECISIONS = {
  keep: "Keep going",
  extend: "Extend the experiment",
  spread: "Spread to another group",
  stop: "Stop",
  other: "Other",
};
const NEXT_STEPS = {
  external_review: "An external review",
  longer_experiment: "A longer experiment",
  new_group: "A new working group with other colleagues",
  stop: "Stop here",
  other: "Other",
};

export function decisionName(choice) {
  return t(`decision_${choice}`, DECISIONS[choice] || choice);
}

export function nextStepName(step) {
  return t(`next_${step}`, NEXT_STEPS[step] || step);
}

/** "Keep going — note" (the note is the facilitator's text: set it as text). */
export function decisionLine(decision) {
  if (!decision) return "";
  return decision.note ? `${decisionName(decision.choice)} — ${decision.note}` : decisionName(decision.choice);
}

/**
 * The committed ideas with their review, most committed first (ties in
 * posting order): the order of the overview, of the walk through them
 * (screen keys, remote) and of the facilitator's list.
 */
export function reviewItems(store) {
  const byId = new Map(store.ideas.map((i) => [i.id, i]));
  return (store.review || [])
    .filter((item) => byId.has(item.idea_id) && item.committed > 0)
    .map((item) => ({ ...item, idea: byId.get(item.idea_id) }))
    .sort((a, b) => b.committed - a.committed || a.idea_id - b.idea_id);
}

/**
 * The idea one step away from the one on the screen: the overview comes
 * before the first idea. `null` is the overview; `undefined`: no move.
 */
export function focusTarget(store, delta) {
  const ids = reviewItems(store).map((item) => item.idea_id);
  const current = ids.indexOf(store.workshop.review_focus_id);
  const next = current + delta;
  if (next < -1 || next >= ids.length) return undefined;
  return next === -1 ? null : ids[next];
}

const TRIED_PARTS = ["yes", "partly", "no", "waiting"];
const TRIED_LABELS = { yes: "Yes", partly: "Partly", no: "No", waiting: "No answer yet" };

/** Tried it? yes / partly / no / no answer yet: patterned segments and a legend (black-and-white safe). */
export function triedChart() {
  return h("div", { class: "tried" },
    h("div", { class: "tried-bar", "aria-hidden": "true" },
      TRIED_PARTS.map((part) => h("span", { class: `seg seg-${part}`, "data-part": part }))),
    h("ul", { class: "tried-legend" },
      TRIED_PARTS.map((part) => h("li", { class: `legend legend-${part}`, "data-part": part },
        h("span", { class: `swatch seg-${part}`, "aria-hidden": "true" }),
        h("span", { class: "legend-label", text: t(`tried_${part}`, TRIED_LABELS[part]) }),
        " ",
        h("span", { class: "legend-num" })))));
}

export function fillTriedChart(box, item) {
  const counts = { ...item.tried, waiting: Math.max(0, item.committed - item.reports) };
  const total = Math.max(1, item.committed, item.reports);
  for (const seg of box.querySelectorAll(".seg[data-part]")) {
    // Widths through CSSOM: allowed by a strict CSP, unlike style="" attributes.
    const n = counts[seg.dataset.part] || 0;
    seg.style.width = `${(100 * n) / total}%`;
    seg.hidden = !n; // no sliver, no gap, for nobody
  }
  for (const li of box.querySelectorAll(".legend[data-part]")) {
    const n = counts[li.dataset.part] || 0;
    setText(li.querySelector(".legend-num"), String(n));
    // "No answer yet" only while someone has not answered.
    show(li, li.dataset.part !== "waiting" || n > 0);
  }
}

/** How it felt, 1 to 5: five columns, the words at the ends. */
export function feelingsChart() {
  return h("div", { class: "feelings" },
    h("ol", { class: "feelings-bars" },
      [1, 2, 3, 4, 5].map((n) => h("li", { class: "feeling-col", "data-feeling": n },
        h("span", { class: "visually-hidden feeling-said" }),
        h("span", { class: "feeling-num", "aria-hidden": "true" }),
        h("span", { class: "feeling-bar", "aria-hidden": "true" }, h("span", { class: "feeling-fill" })),
        h("span", { class: "feeling-label", "aria-hidden": "true", text: String(n) })))),
    h("p", { class: "feelings-ends", "aria-hidden": "true" },
      h("span", { text: `1 = ${t("feeling_1", "hard")}` }),
      h("span", { text: `5 = ${t("feeling_5", "great")}` })));
}

export function fillFeelingsChart(box, item) {
  const feelings = item.feelings || [0, 0, 0, 0, 0];
  const max = Math.max(1, ...feelings);
  for (const li of box.querySelectorAll(".feeling-col")) {
    const feeling = Number(li.dataset.feeling);
    const n = feelings[feeling - 1] || 0;
    setText(li.querySelector(".feeling-num"), n ? String(n) : "");
    setText(li.querySelector(".feeling-said"), tn("feeling_people", n,
      "Feeling %(feeling)s: %(num)s person", "Feeling %(feeling)s: %(num)s people", { feeling }));
    li.querySelector(".feeling-fill").style.height = `${(100 * n) / max}%`;
    li.classList.toggle("is-zero", !n);
  }
}

/** The tried marker of a comment: a shape, not only a colour. */
export function triedMark(tried) {
  const marks = { yes: "●", partly: "◐", no: "○" };
  return h("span", { class: `tried-mark mark-${tried}` },
    h("span", { "aria-hidden": "true", text: marks[tried] || "" }),
    h("span", { class: "visually-hidden", text: triedSummary(tried) }));
}

/** "Tried", "Partly tried", "Not tried": how a report reads back. */
export function triedSummary(tried) {
  const words = { yes: "Tried", partly: "Partly tried", no: "Not tried" };
  return t(`tried_summary_${tried}`, words[tried] || tried);
}
