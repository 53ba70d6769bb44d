// The facilitator's page and phone remote: steps, timer, tallies, settings,
// who is in, tidying ideas (edit, hide, merge), and the day-15 review
// (the screen's focus, decisions, the next step, the review date). Each
// part lives in static/js/facilitate/ and is wired only if the page has
// it, so the remote is the same script with fewer parts. What a step
// allows is the server's `workshop.allowed`.
import { $, show, wireCopyButtons } from "./dom.js";
import { renderFloodGuard, wireFloodGuard } from "./flood.js";
import { wireClaims } from "./claims.js";
import { createLive } from "./live.js";
import { act, config, ctx } from "./facilitate/common.js";
import { renderBarometer } from "./facilitate/barometer.js";
import { renderIdeas } from "./facilitate/ideas.js";
import { renderInspirationToggle } from "./facilitate/inspiration.js";
import { renderNow } from "./facilitate/now.js";
import { renderOutcome } from "./facilitate/outcome.js";
import { renderPeople } from "./facilitate/people.js";
import { renderReview, renderReviewDate, renderWalk } from "./facilitate/review.js";
import { renderSettings } from "./facilitate/settings.js";
import { renderSteps, renderTimers, tickTimers } from "./facilitate/steps.js";
import { renderCounts, renderVoteControls } from "./facilitate/vote.js";

const el = {
  timerCard: $("#timer-card"),
  dangerZone: $("#danger-zone"),
};

let lastPhase = null;

function render(liveState) {
  const store = liveState.store;
  const phase = store.workshop.phase;
  document.body.dataset.phase = phase;
  renderFloodGuard(store.workshop);
  renderNow(store);
  renderSteps(store);
  renderWalk(store);
  renderBarometer(store);
  renderReviewDate(store);
  renderReview(store);
  renderOutcome(store);
  // Closed: read-only for good; what is left to do is export (or delete).
  show(el.timerCard, phase !== "closed");
  if (el.dangerZone && phase === "closed" && lastPhase && lastPhase !== "closed") el.dangerZone.open = true;
  lastPhase = phase;
  renderVoteControls(store);
  renderInspirationToggle(store);
  renderCounts(store);
  renderSettings(store);
  renderPeople(store);
  renderIdeas(store);
  renderTimers(store);
}

const secretDone = $("#secret-done");
if (secretDone) {
  secretDone.addEventListener("click", () => {
    $("#secret-link").remove();
    $("#main").focus(); // the removed button had focus: keep it in the page
  });
}

ctx.live = createLive(config, { render });
wireFloodGuard(act);
wireClaims(ctx.live, act);
wireCopyButtons();
setInterval(tickTimers, 500);
