// The participant's phone (templates/phone.html): the live connection, and
// the page redrawn from its store at every change. Each step draws itself
// (./phone/: composer.js, ideas.js, vote.js, review.js, and barometer.js in
// the lobby and from the results on); what is typed is never interrupted by
// a redraw.
import { $, $$, formatDate, setText, show, t, wireCopyButtons } from "./dom.js";
import { createLive } from "./live.js";
import { renderNamesLines } from "./names.js";
import { allowed, phaseName, renderTimer } from "./workshop.js";
import { placeComposer, renderUnsent, restore, say, settleDrafts, updateCounter, wireComposer } from "./phone/composer.js";
import { onBarometerRefused, onBarometerSent, renderBarometer } from "./phone/barometer.js";
import { followStep, trackHeader } from "./phone/follow.js";
import { renderClientIdeas, renderTransposition } from "./phone/ideas.js";
import { onReviewRefused, onReviewSent, renderResults, settleReportDrafts } from "./phone/review.js";
import { clearRefusal, refuseBallot, renderVote } from "./phone/vote.js";
import { app, config, el, showError } from "./phone/state.js";

let noticePhase = null;

function render(liveState) {
  const store = liveState.store;
  const workshop = store.workshop;
  const phase = workshop.phase;
  const mine = new Set((store.me && store.me.idea_ids) || []);
  // Messages about a step end with it.
  if (document.body.dataset.phase && document.body.dataset.phase !== phase) clearRefusal();
  if (noticePhase && noticePhase !== phase) showError(el.notice, "");
  document.body.dataset.phase = phase;

  setText(el.phase, phaseName(phase));
  el.phase.dataset.phase = phase;
  const params = { days: workshop.commitment_days, date: formatDate(workshop.review_date) };
  // The phone speaks to someone already in (the screen's lobby line asks to scan the code).
  setText(el.instruction, t(`phone_instr_${phase}`, "", params) || t(`instr_${phase}`, "", params));
  renderNamesLines(workshop);
  show($("#paused"), Boolean(workshop.flood_guard) && Boolean(allowed(workshop).post));
  if (!workshop.flood_guard && el.error.classList.contains("is-paused")) say("");
  for (const section of $$("[data-phases]")) show(section, section.dataset.phases.split(" ").includes(phase));

  settleReportDrafts(workshop);
  settleDrafts(store);

  if (phase === "client_ideas") renderClientIdeas(store, mine);
  if (phase === "transposition") renderTransposition(store, mine);
  if (phase === "vote") renderVote(store, mine);
  if (["results", "review", "closed"].includes(phase)) renderResults(store);
  renderBarometer(store);
  placeComposer();
  renderUnsent();
  renderTimer([el.timer], workshop, live.now());
  followStep(phase);
}

function notice(message) {
  noticePhase = live.store ? live.store.workshop.phase : null;
  showError(el.notice, message);
}

const live = createLive(config, {
  render,
  onSent(item, ack) {
    const me = live.store && live.store.me;
    if (item.event === "idea.post" && me && ack.idea_id != null && !me.idea_ids.includes(ack.idea_id)) {
      me.idea_ids.push(ack.idea_id);
    }
    if (item.event === "vote.set" && me && Array.isArray(ack.votes)) me.votes = ack.votes;
    onReviewSent(item, ack);
    onBarometerSent(item);
    if (item.event === "idea.post" && !live.outbox.pending("idea.post").length && !el.text.value.trim()) {
      say(t("sent", "Sent."), "status");
    }
  },
  onRefused(item, error) {
    if (item.event === "idea.post" && error.code === "workshop_flooded") {
      // The paused notice above says why; here, only what became of the text.
      const kept = t("flood_kept", "Not posted yet: your text stays here. Post it again once new ideas resume.");
      const away = restore(item.meta.ctx, item.payload.text, kept, { paused: true });
      if (away) notice(away);
    } else if (item.event === "idea.post") {
      const away = restore(item.meta.ctx, item.payload.text, error.message);
      if (away) notice(away);
    }
    else if (item.event === "report.save" || item.event === "email.set") onReviewRefused(item, error, notice);
    else if (item.event === "barometer.save") onBarometerRefused(item, error, notice);
    // A ballot refused after the vote closed: say so wherever the person is.
    else if (item.event === "vote.set") {
      if (live.store && live.store.workshop.phase === "vote") refuseBallot(error.message);
      else notice(error.message);
    }
  },
});
app.live = live;

trackHeader();
wireComposer();
wireCopyButtons();
updateCounter();
setInterval(() => live.store && renderTimer([el.timer], live.store.workshop, live.now()), 500);
