// What every part of the participant's phone shares: the page's config, its
// elements, the text limits, and the live connection once it is made.
import { $, readJSON, showError as showMessage } from "../dom.js";

export const config = readJSON("atelier-config");
export const el = {
  phase: $("#phase"),
  instruction: $("#instruction"),
  timer: $("#timer"),
  park: $(".composer-park"),
  composer: $("#composer"),
  label: $("#composer-label"),
  text: $("#idea-text"),
  count: $("#idea-count"),
  submit: $("#idea-submit"),
  error: $("#composer-error"),
  status: $("#composer-status"),
  clientList: $("#client-list"),
  clientCount: $("#client-count"),
  pickFree: $("#pick-free"),
  freeMine: $("#free-mine"),
  transposeList: $("#transpose-list"),
  voteBar: $("#vote-bar"),
  voteCount: $("#vote-count"),
  voteNote: $("#vote-note"),
  voteGroups: $("#vote-groups"),
  commitments: $("#my-commitments"),
  reportIntro: $("#report-intro"),
  outcome: $("#group-outcome"),
  outcomeNext: $("#outcome-next"),
  outcomeNote: $("#outcome-note"),
  outcomeLessonsTitle: $("#outcome-lessons-title"),
  outcomeLessons: $("#outcome-lessons"),
  emailForm: $("#email-form"),
  email: $("#email"),
  emailError: $("#email-error"),
  emailStatus: $("#email-status"),
  reviewDate: $("#review-date"),
  ranking: $("#ranking"),
  unsent: $("#unsent"),
  unsentHint: $("#unsent-hint"),
  notice: $("#notice"),
  unsentList: $("#unsent-list"),
  stepBanner: $("#step-banner"),
};
export const MAX = Number(config.max_text) || Number(el.text.dataset.max) || 280;
export const MAX_COMMENT = Number(config.max_comment) || 500;

/** The live connection (live.js), set once by phone.js before the first render. */
export const app = { live: null };

export { codePoints } from "../dom.js";

export function showError(target, message) {
  showMessage(target, message);
  target.classList.remove("is-paused");
}

export function joinTexts(a, b) {
  return a && a.trim() ? `${a.trimEnd()}\n\n${b}` : b;
}
