// The facilitator's page follows the step: `data-phase` on the page lets
// facilitate.css put the step's cards first, and one line says what the
// room sees now on the projected screen. Also on the remote.
import { $, setText, show, t } from "../dom.js";
import { reviewItems } from "../workshop.js";
import { anyFigureShown } from "./barometer.js";

const el = {
  page: $("#fac-page"),
  title: $("#workshop-title"),
  nowShowing: $("#now-showing"),
  joinCard: $("#join-card"),
};

/** What the projected screen shows at this step, in one sentence. */
export function screenLine(store) {
  const workshop = store.workshop;
  const phase = workshop.phase;
  if (phase === "vote") {
    return workshop.tallies_revealed
      ? t("now_vote_revealed", "The screen shows the ideas with their tallies.")
      : t("now_vote", "The screen shows the ideas to choose from and how many have chosen; the tallies are hidden.");
  }
  if (phase === "review") {
    const focused = reviewItems(store).find((item) => item.idea_id === workshop.review_focus_id);
    if (focused) return t("screen_shows", "The screen shows: %(text)s", { text: focused.idea.text });
    // With both barometer rounds closed, the overview is the day 0 / day 15 comparison.
    return workshop.barometer && store.barometer && store.barometer.comparison
      ? t("screen_overview_barometer", "The screen shows the barometer, day 0 against day 15 (B on the screen brings back the ideas).")
      : t("screen_overview", "The screen shows the overview of all the ideas.");
  }
  const day0 = store.barometer && store.barometer.rounds.day0;
  if (phase === "lobby" && workshop.barometer && day0 && day0.closed) {
    return anyFigureShown(day0.summary)
      ? t("now_lobby_barometer", "The screen shows the barometer: both profiles and the three widest gaps.")
      : t("now_lobby_barometer_too_few", "The screen says the barometer has too few answers to show without revealing anyone.");
  }
  const gaps = day0 && day0.summary ? day0.summary.widest.length : 0;
  if (phase === "transposition" && store.inspiration && store.inspiration.shown) {
    return t("now_transposition_inspiration", "The screen shows each %(person)s idea beside its colleague versions, under ideas other teams kept.");
  }
  if (phase === "transposition" && workshop.barometer && gaps) {
    return t("now_transposition_gaps", "The screen shows each %(person)s idea beside its colleague versions, under the barometer's widest gaps as prompts.");
  }
  const lines = {
    draft: () => t("now_draft", "The screen shows the workshop's title and date, until it opens."),
    lobby: () => t("now_lobby", "The screen shows the QR code and the code to join, and who is in."),
    client_ideas: () => t("now_client_ideas", "The screen shows the %(persons)s ideas as they arrive."),
    transposition: () => t("now_transposition", "The screen shows each %(person)s idea beside its colleague versions."),
    results: () => t("now_results", "The screen shows the commitments, the most chosen first."),
    closed: () => t("now_closed", "The screen shows what the group decided."),
  };
  return (lines[phase] || (() => ""))();
}

export function renderNow(store) {
  const workshop = store.workshop;
  if (el.page) el.page.dataset.phase = workshop.phase;
  if (el.title) setText(el.title, workshop.title);
  if (el.nowShowing) setText(el.nowShowing, screenLine(store));
  // Once closed nobody joins: the join link would lead nowhere.
  show(el.joinCard, workshop.phase !== "closed");
}
