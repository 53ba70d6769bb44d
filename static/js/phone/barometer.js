// The barometer on the phone (docs/realtime-api.md "The barometer"): in the
// lobby, day 0's warm-up (ten cards, customers and colleagues); from the
// results on, day 15's cards (colleagues only), once the round is open. One
// card at a time, two taps and the next one comes; every answer set is
// saved whole (barometer.save, through the outbox) a moment after the last
// tap, and can change until the facilitator closes the round.
import { $, $$, setText, show, storage, t, tn } from "../dom.js";
import { DIMENSIONS, sideName } from "../barometer_words.js";
import { app, config, showError } from "./state.js";

const SIDES_BY_ROUND = { day0: ["customers", "colleagues"], day15: ["colleagues"] };
const SAVE_DELAY = 800; // a few taps in a row make one save
const ADVANCE_DELAY = 350; // long enough to see the tap register

const el = {
  section: $("#barometer"),
  title: $("#barometer-title"),
  intro: $("#barometer-intro"),
  lead: $("#barometer-lead"),
  start: $("#barometer-start"),
  notNow: $("#barometer-not-now"),
  card: $("#barometer-card"),
  count: $("#barometer-count"),
  meter: $("#barometer-meter"),
  dimension: $("#barometer-dimension"),
  statement: $("#barometer-statement"),
  prev: $("#barometer-prev"),
  next: $("#barometer-next"),
  later: $("#barometer-later"),
  done: $("#barometer-done"),
  thanks: $("#barometer-thanks"),
  answered: $("#barometer-answered"),
  again: $("#barometer-again"),
  closed: $("#barometer-closed"),
  status: $("#barometer-status"),
  error: $("#barometer-error"),
};

// Where the person is, per round (intro, cards, done or later; which card),
// and what they answered, kept on the phone per person: the server never
// sends ratings back (a personal link opened elsewhere would show them), so
// this copy is what lets them see and change their answers until the round
// closes; it is forgotten then.
const placeKey = `atelier:${config.code}:barometer:p${config.participant}`;
const places = storage.get(placeKey, {}) || {};
const keptKey = `atelier:${config.code}:barometer-answers:p${config.participant}`;
const kept = storage.get(keptKey, {}) || {};
let shown = null; // the round drawn last
let local = null; // {round, answers} tapped but not yet handed to the outbox
let saveTimer = null;
let advanceTimer = null;
let lastPointer = 0; // a tap, not the arrow keys, moves on to the next card
let refusal = "";

/** The round this step asks about, if any. */
function roundOf(store) {
  if (!store.workshop.barometer || !store.barometer) return null;
  const phase = store.workshop.phase;
  if (phase === "lobby") return "day0";
  if (["results", "review", "closed"].includes(phase)) return "day15";
  return null;
}

function placeOf(round, store) {
  if (!places[round]) {
    // Answered on another device (or before the phone forgot): thanks, not the intro.
    places[round] = { mode: answeredElsewhere(store, round) ? "done" : "intro", index: 0 };
  }
  return places[round];
}

function moveTo(round, mode, index = places[round].index) {
  places[round] = { mode, index: Math.max(0, Math.min(index, DIMENSIONS.length - 1)) };
  storage.set(placeKey, places);
  app.live.render();
}

/** The answer set shown: what was just tapped, else waiting to be sent, else sent from here. */
function answersFor(store, round) {
  if (local && local.round === round) return local.answers;
  const queued = app.live.outbox.pending("barometer.save").filter((i) => i.payload.round === round);
  if (queued.length) return queued[queued.length - 1].payload.answers;
  return kept[round] || {};
}

/** How many cards the server holds for this person (from any device): never what. */
function answeredElsewhere(store, round) {
  return (store.me && store.me.barometer && store.me.barometer[round]) || 0;
}

const rating = (answers, side, id) => (answers[side] || {})[id] || null;
const complete = (answers, round, id) => SIDES_BY_ROUND[round].every((side) => rating(answers, side, id));
const answeredCards = (answers, round) =>
  DIMENSIONS.filter((d) => SIDES_BY_ROUND[round].some((side) => rating(answers, side, d.id))).length;

/** Hand the answer set to the outbox now (it keeps it through sleep and reloads). */
function flushSave() {
  clearTimeout(saveTimer);
  saveTimer = null;
  if (!local) return;
  const { round, answers } = local;
  local = null;
  app.live.submit("barometer.save", { round, answers }, {});
}

function choose(side, value) {
  const store = app.live.store;
  const round = shown;
  if (!store || !round) return;
  const { index } = places[round];
  const id = DIMENSIONS[index].id;
  const before = answersFor(store, round);
  const wasComplete = complete(before, round, id);
  const answers = {};
  for (const s of SIDES_BY_ROUND[round]) answers[s] = { ...(before[s] || {}) };
  answers[side][id] = value;
  for (const s of Object.keys(answers)) if (!Object.keys(answers[s]).length) delete answers[s];
  local = { round, answers };
  refusal = "";
  clearTimeout(saveTimer);
  saveTimer = setTimeout(flushSave, SAVE_DELAY);
  // The tap that completes a card brings the next one.
  clearTimeout(advanceTimer);
  if (!wasComplete && complete(answers, round, id) && Date.now() - lastPointer < 1500) {
    advanceTimer = setTimeout(() => step(round, +1), ADVANCE_DELAY);
  }
  app.live.render();
}

const headerHeight = () =>
  parseFloat(getComputedStyle(document.documentElement).getPropertyValue("--header-h")) || 56;

/** The next or previous card; past the last one, the thanks; before the first, the intro. */
function step(round, by) {
  clearTimeout(advanceTimer);
  const { index } = places[round];
  const target = index + by;
  if (target >= DIMENSIONS.length) {
    flushSave();
    moveTo(round, "done", index);
    setTimeout(() => {
      el.thanks.focus({ preventScroll: true });
      if (el.section.getBoundingClientRect().top < headerHeight()) el.section.scrollIntoView({ block: "start" });
    }, 60);
  } else if (target < 0) moveTo(round, "intro", 0);
  else {
    moveTo(round, "cards", target);
    setTimeout(bringCard, 60);
  }
}

/** The new card's heading gets the focus (read aloud), the whole card in view if it can. */
function bringCard() {
  el.dimension.focus({ preventScroll: true });
  const { top, bottom } = el.card.getBoundingClientRect();
  if (top < headerHeight() || bottom > innerHeight) el.card.scrollIntoView({ block: "start" });
}

function wire() {
  if (!el.section) return;
  el.section.addEventListener("pointerdown", () => { lastPointer = Date.now(); });
  for (const input of $$("input[type=radio]", el.card)) {
    input.addEventListener("change", () => {
      if (input.checked) choose(input.closest("[data-side]").dataset.side, Number(input.value));
    });
  }
  el.start.addEventListener("click", () => {
    moveTo(shown, "cards");
    setTimeout(bringCard, 60);
  });
  el.again.addEventListener("click", () => {
    moveTo(shown, "cards", 0);
    setTimeout(bringCard, 60);
  });
  el.notNow.addEventListener("click", () => moveTo(shown, "later"));
  el.later.addEventListener("click", () => {
    flushSave();
    moveTo(shown, "later");
    setTimeout(() => el.start.focus(), 60);
  });
  el.prev.addEventListener("click", () => step(shown, -1));
  el.next.addEventListener("click", () => step(shown, +1));
  // Leaving the page (or the phone locking) must not lose the last taps.
  addEventListener("pagehide", flushSave);
  document.addEventListener("visibilitychange", () => document.hidden && flushSave());
}
wire();

function drawCard(round, answers, index) {
  const dimension = DIMENSIONS[index];
  setText(el.count, `${index + 1} / ${DIMENSIONS.length}`);
  el.meter.style.width = `${((index + 1) / DIMENSIONS.length) * 100}%`;
  setText(el.dimension, dimension.name);
  setText(el.statement, dimension.statement);
  for (const fieldset of $$("[data-side]", el.card)) {
    const side = fieldset.dataset.side;
    show(fieldset, SIDES_BY_ROUND[round].includes(side));
    setText(fieldset.querySelector("legend"), sideName(side));
    const value = rating(answers, side, dimension.id);
    for (const input of fieldset.querySelectorAll("input")) input.checked = Number(input.value) === value;
  }
  const last = index === DIMENSIONS.length - 1;
  const full = complete(answers, round, dimension.id);
  setText(el.next, !full ? t("baro_skip", "Skip") : last ? t("baro_finish", "Finish") : t("baro_next", "Next"));
}

export function renderBarometer(store) {
  if (!el.section) return;
  const round = roundOf(store);
  const info = round && store.barometer.rounds && store.barometer.rounds[round];
  const answers = round ? answersFor(store, round) : {};
  const answered = round ? answeredCards(answers, round) || answeredElsewhere(store, round) : 0;
  const open = Boolean(info && info.accepting);
  if (info && info.closed && kept[round]) {
    // Closed for good: nothing left to change, nothing to keep on a shared phone.
    delete kept[round];
    storage.set(keptKey, kept);
  }
  // Closed: thanks to those who answered; nothing at all for the others.
  const visible = open || Boolean(info && info.closed && answered);
  if (round !== shown) refusal = "";
  shown = visible ? round : null;
  show(el.section, visible);
  if (!visible) return;

  const phase = store.workshop.phase;
  const slot = $$("[data-barometer-slot]").find((s) => s.dataset.barometerSlot.split(" ").includes(phase));
  if (slot && el.section.parentElement !== slot) slot.append(el.section);

  const { mode, index } = placeOf(round, store);
  const drawn = open ? mode : "closed";
  el.section.dataset.round = round;
  el.section.dataset.mode = drawn;
  const resting = ["done", "closed"].includes(drawn);
  setText(el.title, resting ? t("baro_title_done", "The barometer") : t(`baro_title_${round}`, ""));
  show(el.intro, drawn === "intro" || drawn === "later");
  show(el.lead, drawn === "intro");
  show(el.notNow, drawn === "intro");
  show(el.intro.querySelector(".barometer-anonymous"), drawn === "intro");
  setText(el.lead, t(`baro_lead_${round}`, ""));
  setText(el.start, answered ? t("baro_continue", "Continue") : t("baro_start", "Start"));
  show(el.card, drawn === "cards");
  if (drawn === "cards") drawCard(round, answers, index);
  show(el.done, drawn === "done");
  setText(el.thanks, t("baro_thanks", "Thank you! You can change your answers until the facilitator closes the barometer."));
  const elsewhere = !answeredCards(answers, round) && answered
    ? ` ${t("baro_elsewhere", "Your answers stay on the phone that gave them: answering here replaces them.")}` : "";
  setText(el.answered, tn("baro_answered", answered, "You answered %(num)s card of %(total)s.",
    "You answered %(num)s cards of %(total)s.", { total: DIMENSIONS.length }) + elsewhere);
  setText(el.again, t("baro_change", "Change my answers"));
  show(el.closed, drawn === "closed");

  const waiting = app.live.outbox.pending("barometer.save").length > 0 || local;
  setText(el.status, waiting && !app.live.socket.connected
    ? t("saved_offline", "Saved on this phone. It will be sent when the connection is back.") : "");
  showError(el.error, refusal);
}

export function onBarometerSent(item) {
  if (item.event !== "barometer.save") return;
  // What the server stored is what was sent: this phone keeps its copy.
  const { round, answers } = item.payload;
  if (Object.keys(answers).length) kept[round] = answers;
  else delete kept[round];
  storage.set(keptKey, kept);
  const me = app.live.store && app.live.store.me;
  if (me) me.barometer = { ...(me.barometer || {}), [round]: answeredCards(answers, round) };
}

/** A refused save: the server's words under the cards while they are open, else
 * at the top of the page (closed meanwhile: the cards may be gone). */
export function onBarometerRefused(item, error, notice) {
  const store = app.live.store;
  const info = store && store.barometer && store.barometer.rounds[item.payload.round];
  if (shown === item.payload.round && info && info.accepting) refusal = error.message;
  else notice(error.message);
}
