// What every face knows about a workshop: its steps, its ideas, its timer.
import { formatClock, setText, t } from "./dom.js";

// The live steps in order (atelier/domain/phases.py LIVE_SEQUENCE).
export const LIVE = ["draft", "lobby", "client_ideas", "transposition", "vote", "results"];

const NAMES = {
  draft: "Preparation",
  lobby: "Welcome",
  client_ideas: "Client ideas",
  transposition: "Transposition",
  vote: "Commitments",
  results: "Results",
  review: "Review",
  closed: "Closed",
};

export function phaseName(phase) {
  return t(`phase_${phase}`, NAMES[phase] || phase);
}

/** One step forward; null at the end. */
export function nextPhase(phase) {
  const i = LIVE.indexOf(phase);
  return i >= 0 && i < LIVE.length - 1 ? LIVE[i + 1] : null;
}

/** One step back; never back to draft once the room is in. */
export function previousPhase(phase) {
  const i = LIVE.indexOf(phase);
  return i > 1 ? LIVE[i - 1] : null;
}

export function clientIdeas(store) {
  return store.ideas.filter((i) => i.kind === "client");
}

export function colleagueIdeas(store) {
  return store.ideas.filter((i) => i.kind === "colleague");
}

/**
 * The mirror: each client idea with its colleague versions, then the
 * free colleague ideas (no parent, or a parent no longer shown).
 */
export function mirror(store, { includeHidden = true } = {}) {
  const ideas = includeHidden ? store.ideas : store.ideas.filter((i) => !i.hidden);
  const clients = ideas.filter((i) => i.kind === "client");
  const byParent = new Map(clients.map((c) => [c.id, []]));
  const free = [];
  for (const idea of ideas) {
    if (idea.kind !== "colleague") continue;
    const siblings = idea.parent_id != null ? byParent.get(idea.parent_id) : null;
    (siblings || free).push(idea);
  }
  return { pairs: clients.map((client) => ({ client, versions: byParent.get(client.id) })), free };
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
