// The client/colleague barometer on the facilitator's page and the remote:
// how many answered (never who), and the two moves that are the
// facilitator's: closing a round, which is final and shows its figures on
// the screen, and opening day 15 at the results so that people answer from
// their personal link before the meeting. The rounds open and close with
// the steps too (docs/realtime-api.md, "The barometer").
import { $, setText, show, t, tn } from "../dom.js";
import { act, ctx } from "./common.js";

const el = {
  card: $("#barometer-card"),
  status: $("#barometer-status"),
  hint: $("#barometer-hint"),
  open: $("#barometer-open"),
  close: $("#barometer-close"),
};

// Where each round is the facilitator's business.
const ROUND_OF_PHASE = { lobby: "day0", results: "day15", review: "day15" };

function roundNow(store) {
  return ROUND_OF_PHASE[store.workshop.phase] || null;
}

/** Whether any figure of a closed round shows (each needs 3 answers of its own). */
export function anyFigureShown(summary) {
  return Boolean(summary) && Object.values(summary.profiles)
    .some((side) => Object.values(side).some((figure) => figure.mean !== null));
}

/** Today on this device, as the workshop's dates are written (YYYY-MM-DD). */
function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

if (el.card) {
  el.open.addEventListener("click", () => {
    const round = roundNow(ctx.live.store);
    act("barometer.open", { round }, round === "day0"
      ? t("barometer_opened_day0", "The barometer is open on the phones.")
      : t("barometer_opened", "The day-15 questions are open on the phones."));
  });
  el.close.addEventListener("click", () => {
    const round = roundNow(ctx.live.store);
    if (round) act("barometer.close", { round }, t("barometer_closed_done", "Closed: the screen shows the results."));
  });
}

function statusLine(round, state, people) {
  const answered = state.respondents;
  if (state.closed) {
    return tn("barometer_closed_count", answered, "Closed: %(num)s person answered.", "Closed: %(num)s people answered.");
  }
  if (state.opened) {
    return round === "day0"
      ? t("barometer_open_count", "%(done)s of %(total)s have answered.", { done: answered, total: people })
      : tn("barometer_day15_count", answered, "%(num)s person has answered since the workshop.", "%(num)s people have answered since the workshop.");
  }
  return round === "day0"
    ? t("barometer_day0_not_open", "The barometer is not open.")
    : t("barometer_day15_not_open", "The day-15 questions are not open yet.");
}

function hintLine(round, state, workshopDay) {
  if (state.closed) {
    return !anyFigureShown(state.summary)
      ? t("barometer_too_few_hint", "Fewer than 3 answers: the screen shows no figure, so that nobody's answers show.")
      : round === "day0"
        ? t("barometer_shown_day0", "The screen shows both profiles and the three widest gaps; the gaps come back as prompts at the transposition.")
        : t("barometer_shown_day15", "The screen shows day 0 against day 15 in the overview of the review.");
  }
  if (state.opened) {
    return round === "day0"
      ? t("barometer_close_hint_day0", "Close it once most have answered: closing is final, and the screen then shows the results. Moving on to the %(persons)s ideas closes it too.")
      : t("barometer_close_hint_day15", "Close it once most have answered: closing is final, and the screen then shows day 0 against day 15. Closing the workshop closes it too.");
  }
  if (round === "day0") return t("barometer_open_hint_day0", "Open it to offer the ten cards on the phones while people join.");
  // On the workshop's day, "has anything moved?" would be asked minutes after the vote.
  return workshopDay
    ? t("barometer_open_later_hint", "They open from the day after the workshop: here, a few days before the review, or by themselves at the review.")
    : t("barometer_open_hint", "Open them a few days before the review: people answer from their personal link. The review opens them otherwise.");
}

export function renderBarometer(store) {
  if (!el.card) return;
  const round = roundNow(store);
  const barometer = store.barometer;
  const visible = Boolean(store.workshop.barometer && round && barometer);
  show(el.card, visible);
  if (!visible) return;
  const state = barometer.rounds[round];
  const workshopDay = today() <= store.workshop.date;
  setText(el.status, statusLine(round, state, store.participants.length));
  setText(el.hint, hintLine(round, state, workshopDay));
  setText(el.open, round === "day0" ? t("barometer_open_day0", "Open the barometer") : t("barometer_open_day15", "Open the day-15 questions"));
  show(el.open, !state.opened && !state.closed && (round === "day0" || !workshopDay));
  // Day 15 is closed at the review, where its figures are discussed.
  show(el.close, state.opened && !state.closed && (round === "day0" || store.workshop.phase === "review"));
}
