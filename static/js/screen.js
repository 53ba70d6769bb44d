// The projected screen: everything in very large type, fitted to the
// viewport (a projector cannot scroll), updated live. With the
// facilitator's key the keyboard (or a presenter clicker) drives it.
import { $, $$, formatDate, readJSON, setText, show, t } from "./dom.js";
import { createLive } from "./live.js";
import { fitChart, renderBarometer, toggleBarometer } from "./screen/barometer.js";
import { renderInspiration } from "./screen/inspiration.js";
import { beginRender, endRender, startPager, toggleHold, turn } from "./screen/pager.js";
import { renderClosed, renderReview } from "./screen/review.js";
import {
  applyTheme, finalSeconds, startSound, toggleJoinPanel, toggleSound, toggleTheme,
} from "./screen/room.js";
import { primeArrivals, renderBoard, renderLobby, renderMirror, renderResults, renderVote } from "./screen/steps.js";
import { allowed, focusTarget, nextPhase, phaseName, previousPhase, renderTimer } from "./workshop.js";

const config = readJSON("atelier-config");
const el = {
  phase: $("#phase"),
  instruction: $("#instruction"),
  timer: $("#timer"),
  corner: $("#corner"),
  peopleCount: $("#people-count"),
  names: $("#names"),
  board: $("#screen-ideas"),
  mirror: $("#mirror"),
  voteProgress: $("#vote-progress"),
  voteFill: $("#vote-fill"),
  voteHint: $("#vote-hint"),
  voteTallies: $("#vote-tallies"),
  voteOptions: $("#vote-options"),
  reviewDate: $("#review-date"),
  ranking: $("#results-ranking"),
  reviewOverview: $("#review-overview"),
  reviewGrid: $("#review-grid"),
  reviewEmpty: $("#review-empty"),
  focus: $("#review-focus"),
  comments: $("#focus-comments"),
  commentsEmpty: $("#comments-empty"),
  reviewOutcome: $("#review-outcome"),
  closedList: $("#closed-list"),
  closedOutcome: $("#closed-outcome"),
  toast: $("#toast"),
  help: $("#help"),
  joinPanel: $("#join-panel"),
  lobbyJoin: $$("[data-lobby-join]"),
  baroCount: $("#baro-count"),
  baroChart: $("#baro-chart"),
  baroPrompts: $("#baro-prompts"),
  baroDay15Count: $("#baro-day15-count"),
  baroCompare: $("#baro-compare"),
  inspiration: $("#inspiration"),
};
applyTheme();
startPager($("#pager"));
startSound($("#sound"));

// The corner code is for joining while the room works; at the results the
// vote is over, and at the review a lost participant must find themselves
// (the large panel, key J, says so) rather than join as someone new.
const CORNER_STEPS = ["client_ideas", "transposition", "vote"];
let firstRender = true;

function render(liveState) {
  const store = liveState.store;
  const workshop = store.workshop;
  const phase = workshop.phase;
  document.body.dataset.phase = phase;
  setText(el.phase, phaseName(phase));
  el.phase.dataset.phase = phase;
  const params = { days: workshop.commitment_days, date: formatDate(workshop.review_date) };
  setText(el.instruction, t(`instr_${phase}`, "", params));
  for (const section of $$("[data-phases]")) show(section, section.dataset.phases.split(" ").includes(phase));
  document.body.classList.toggle("is-focused", phase === "review" && workshop.review_focus_id != null);
  tickTimer(workshop);

  beginRender();
  // First: the barometer's figures may take the lobby's body, and the prompts
  // above the transposition's mirror must be laid out before its pages are cut.
  const barometer = renderBarometer(el, store);
  renderInspiration(el.inspiration, store);
  // The day-0 chart takes the lobby's QR code's place: the corner keeps the way in.
  const corner = CORNER_STEPS.includes(phase) || barometer.chart;
  show(el.corner, Boolean(allowed(workshop).join) && corner);
  if (phase === "lobby") {
    if (!barometer.chart) renderLobby(el, store);
  }
  else if (phase === "client_ideas") renderBoard(el, store);
  else if (phase === "transposition") renderMirror(el, store);
  else if (phase === "vote") renderVote(el, store);
  else if (phase === "results") renderResults(el, store);
  else if (phase === "review") {
    renderReview(el, store, barometer.compare);
    if (barometer.compare) fitChart(el.baroCompare); // beside the group's outcome, if any
  }
  else if (phase === "closed") renderClosed(el, store);
  endRender();
  if (firstRender) primeArrivals();
  firstRender = false;
}

function tickTimer(workshop) {
  const wasFinal = document.body.classList.contains("timer-final");
  renderTimer([el.timer], workshop, live.now());
  finalSeconds(el.timer, workshop, live.now());
  // The big last seconds take the corner's place: fit the step again around them.
  return wasFinal !== document.body.classList.contains("timer-final");
}

const live = createLive(config, { render });
setInterval(() => {
  if (live.store && tickTimer(live.store.workshop)) live.render();
}, 250);
// A projector may change resolution mid-session: fit again.
window.addEventListener("resize", () => live.render());

// ---- the facilitator's keyboard ----

let toastTimer = null;
function toast(message) {
  setText(el.toast, message);
  show(el.toast, Boolean(message));
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => show(el.toast, false), 4000);
}

async function act(event, payload) {
  const ack = await live.send(event, payload);
  if (!ack.ok) toast(ack.error.message);
}

function toggleFullscreen() {
  if (document.fullscreenElement) document.exitFullscreen();
  else if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen().catch(() => {});
}

function toggleHelp() {
  if (!el.help) return;
  if (el.help.open) el.help.close();
  else el.help.showModal();
}

/** Keys for whoever stands at the screen: they change only this screen. */
const LOCAL_KEYS = {
  f: toggleFullscreen,
  j: () => toggleJoinPanel(el.joinPanel),
  s: toggleSound,
  d: () => {
    toggleTheme();
    live.render();
  },
  b: () => {
    if (!toggleBarometer()) return false;
    live.render();
  },
  p: toggleHold,
  ArrowDown: () => turn(1),
  ArrowUp: () => turn(-1),
  "?": toggleHelp,
  Escape: () => !el.joinPanel.hidden && toggleJoinPanel(el.joinPanel, false),
};

document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.target.closest && event.target.closest("input, textarea, select, [contenteditable]")) return;
  const local = LOCAL_KEYS[event.key.length === 1 ? event.key.toLowerCase() : event.key];
  if (local) {
    if (local() !== false) event.preventDefault();
    return;
  }
  const store = live.store;
  if (!config.can_facilitate || !store || !store.can_facilitate) return;
  const workshop = store.workshop;
  const forward = event.key === "ArrowRight" || event.key === "PageDown";
  switch (event.key) {
    case "ArrowRight":
    case "PageDown":
    case "ArrowLeft":
    case "PageUp": {
      if (allowed(workshop).decide) {
        // The review: the keys (or a clicker) walk through the committed ideas, the overview first.
        const target = focusTarget(store, forward ? 1 : -1);
        if (target !== undefined) act("review.focus", { idea_id: target });
        break;
      }
      const target = forward ? nextPhase(workshop) : previousPhase(workshop);
      // Closing is final: it is confirmed on the facilitator page, never one key away.
      if (target && target !== "closed") act("phase.set", { phase: target });
      break;
    }
    case "t":
    case "T": {
      const running = workshop.timer && Date.parse(workshop.timer.ends_at) > live.now();
      act(running ? "timer.stop" : "timer.start", running ? {} : { seconds: 300 });
      break;
    }
    case "r":
    case "R":
      act("tallies.reveal", { revealed: !workshop.tallies_revealed });
      break;
    default:
      return;
  }
  event.preventDefault();
});
