// The projected screen: everything in very large type, fitted to the
// viewport (a projector cannot scroll), updated live. With the
// facilitator's key the keyboard (or a presenter clicker) drives it.
import { $, $$, formatDate, h, readJSON, setText, show, syncList, t, tn } from "./dom.js";
import { createLive } from "./live.js";
import {
  allowed, authorsLine, decisionLine, feelingsChart, fillFeelingsChart, fillTriedChart, focusTarget, mirror, nextPhase,
  nextStepName, phaseName, previousPhase, ranking, renderTimer, reviewItems, triedChart, triedMark, triedSummary,
} from "./workshop.js";

const config = readJSON("atelier-config");
const el = {
  phase: $("#phase"),
  instruction: $("#instruction"),
  timer: $("#timer"),
  corner: $("#corner"),
  peopleCount: $("#people-count"),
  names: $("#names"),
  board: $("#screen-ideas"),
  boardMore: $("#ideas-more"),
  mirror: $("#mirror"),
  mirrorMore: $("#mirror-more"),
  voteProgress: $("#vote-progress"),
  voteFill: $("#vote-fill"),
  voteHint: $("#vote-hint"),
  voteTallies: $("#vote-tallies"),
  voteOptions: $("#vote-options"),
  reviewDate: $("#review-date"),
  ranking: $("#results-ranking"),
  reviewOverview: $("#review-overview"),
  reviewGrid: $("#review-grid"),
  reviewMore: $("#review-more"),
  reviewEmpty: $("#review-empty"),
  focus: $("#review-focus"),
  comments: $("#focus-comments"),
  commentsMore: $("#comments-more"),
  commentsEmpty: $("#comments-empty"),
  reviewOutcome: $("#review-outcome"),
  closedList: $("#closed-list"),
  closedMore: $("#closed-more"),
  closedOutcome: $("#closed-outcome"),
  toast: $("#toast"),
  help: $("#help"),
};

// ---- fitting: largest type that fits, then the newest items that fit ----

const DENSITIES = ["xl", "l", "m", "s", "xs"];
// The mirror's rows are wide and short: past "m" it flows in two columns.
const MIRROR_DENSITIES = ["xl", "l", "m", "m2", "s2", "xs2"];
const overflows = (box) => box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1;

/**
 * Draw `items` in `box` as large as possible. When even the smallest type
 * overflows, drop items from the start (`dropFrom: "start"`, the oldest)
 * or the end, and say how many ideas (`count`) are not shown.
 */
const moreIdeas = (n) => tn("more_ideas", n, "and %(num)s more idea", "and %(num)s more ideas");

function fit(box, items, draw, more, {
  dropFrom = "start", densities = DENSITIES, count = (list) => list.length, moreText = moreIdeas,
} = {}) {
  let shown = items;
  if (more) show(more, false);
  draw(shown);
  for (const density of densities) {
    box.dataset.density = density;
    if (!overflows(box)) break;
  }
  if (more && overflows(box)) {
    // Some will be left out: the "and N more" line takes its place first, then we measure.
    setText(more, moreText(count(items)));
    show(more, true);
  }
  while (shown.length > 1 && overflows(box)) {
    const drop = Math.max(1, Math.ceil(shown.length * 0.1));
    shown = dropFrom === "start" ? shown.slice(drop) : shown.slice(0, shown.length - drop);
    draw(shown);
  }
  if (more) {
    const hidden = count(items) - count(shown);
    setText(more, hidden ? moreText(hidden) : "");
    show(more, hidden > 0);
  }
}

// ---- pieces ----

function ideaCard(idea, className = "") {
  return h("li", { class: `screen-card ${className}`, "data-testid": "idea" },
    h("p", { class: "idea-text user-text", dir: "auto" }),
    h("p", { class: "idea-authors", dir: "auto" }));
}

function fillCard(card, idea) {
  setText(card.querySelector(".idea-text"), idea.text);
  const authors = card.querySelector(".idea-authors");
  setText(authors, authorsLine(idea));
  show(authors, Boolean(authorsLine(idea)));
}

function drawBars(list, rows) {
  const max = Math.max(1, ...rows.map((r) => r.count));
  syncList(list, rows, (r) => r.idea.id,
    () => h("li", { class: "bar-row", "data-testid": "idea" },
      h("span", { class: "bar-text user-text", dir: "auto" }),
      h("span", { class: "bar", "aria-hidden": "true" }, h("span", { class: "bar-fill" })),
      h("span", { class: "bar-count" })),
    (li, r) => {
      setText(li.querySelector(".bar-text"), r.idea.text);
      setText(li.querySelector(".bar-count"), String(r.count));
      li.querySelector(".bar-count").setAttribute("aria-label", tn("votes_count", r.count, "%(num)s vote", "%(num)s votes"));
      // Widths through CSSOM: allowed by a strict CSP, unlike style="" attributes.
      li.querySelector(".bar-fill").style.width = `${(100 * r.count) / max}%`;
    });
}

// ---- each step ----

function renderLobby(store) {
  const people = store.participants;
  setText(el.peopleCount, people.length
    ? tn("people_count", people.length, "%(num)s person", "%(num)s people")
    : t("nobody_yet", "Nobody has joined yet."));
  fit(el.names, people, (shown) =>
    syncList(el.names, shown, (p) => p.id,
      () => h("li", { class: "name-chip user-text", dir: "auto" }),
      (li, p) => setText(li, p.name)));
}

function renderBoard(store) {
  const ideas = store.ideas.filter((i) => i.kind === "client");
  fit(el.board, ideas, (shown) => syncList(el.board, shown, (i) => i.id, (i) => ideaCard(i), fillCard), el.boardMore);
}

function renderMirror(store) {
  const { pairs, free } = mirror(store);
  // Client ideas already transposed first, then the free ideas, then those still waiting.
  const rows = [
    ...pairs.filter((p) => p.versions.length).map((p) => ({ key: `c${p.client.id}`, ...p })),
    ...(free.length ? [{ key: "free", client: null, versions: free }] : []),
    ...pairs.filter((p) => !p.versions.length).map((p) => ({ key: `c${p.client.id}`, ...p })),
  ];
  const draw = (shown) =>
    syncList(el.mirror, shown, (r) => r.key,
      (r) => h("div", { class: `pair${r.client ? "" : " pair-free"}` },
        r.client
          ? h("ul", { class: "pair-client" }, ideaCard(r.client, "client-card"))
          : h("p", { class: "pair-client pair-label", text: t("free_ideas", "Free ideas") }),
        h("span", { class: "pair-arrow", "aria-hidden": "true", text: "→" }),
        h("ul", { class: "pair-versions" })),
      (row, r) => {
        if (r.client) fillCard(row.querySelector(".client-card"), r.client);
        const versions = row.querySelector(".pair-versions");
        syncList(versions, r.versions, (i) => i.id, (i) => ideaCard(i, "colleague-card"), fillCard);
        row.classList.toggle("is-empty", !r.versions.length);
        if (!r.versions.length) versions.replaceChildren(h("li", { class: "pair-waiting", text: "…" }));
      });
  const ideasIn = (list) => list.reduce((n, r) => n + (r.client ? 1 : 0) + r.versions.length, 0);
  fit(el.mirror, rows, draw, el.mirrorMore, { dropFrom: "end", densities: MIRROR_DENSITIES, count: ideasIn });
}

function renderVote(store) {
  const total = store.participants.length;
  const done = store.votes.complete || 0;
  setText(el.voteProgress, t("have_chosen", "%(done)s of %(total)s have chosen", { done, total }));
  el.voteFill.style.width = `${total ? (100 * done) / total : 0}%`;
  const revealed = Boolean(store.workshop.tallies_revealed && store.votes.tallies);
  show(el.voteHint, !revealed);
  show(el.voteOptions, !revealed);
  show(el.voteTallies, revealed);
  if (revealed) fit(el.voteTallies, ranking(store, { chosenOnly: true }), (rows) => drawBars(el.voteTallies, rows), null, { dropFrom: "end" });
  else {
    // While tallies are hidden, the room sees what there is to choose from.
    const options = store.ideas.filter((i) => i.kind === "colleague");
    fit(el.voteOptions, options, (shown) =>
      syncList(el.voteOptions, shown, (i) => i.id, (i) => ideaCard(i, "colleague-card"), fillCard), null, { dropFrom: "end" });
  }
}

function renderResults(store) {
  setText(el.reviewDate, t("review_on", "Review on %(date)s", { date: formatDate(store.workshop.review_date) }));
  fit(el.ranking, ranking(store, { chosenOnly: true }), (rows) => drawBars(el.ranking, rows), null, { dropFrom: "end" });
}

// ---- the day-15 review and the closed workshop ----

function countsLine(item) {
  return [
    tn("committed_count", item.committed, "%(num)s person committed", "%(num)s people committed"),
    t("answered_of", "%(done)s of %(total)s answered", { done: item.reports, total: item.committed }),
  ].join(" · ");
}

function reviewCard() {
  return h("li", { class: "review-card", "data-testid": "review-item" },
    h("p", { class: "review-card-text user-text", dir: "auto" }),
    h("p", { class: "review-card-counts" }),
    triedChart(),
    h("p", { class: "review-card-decision" },
      h("span", { class: "decision-label", text: t("decision_label", "Decision:") }), " ",
      h("span", { class: "decision-text user-text", dir: "auto" })));
}

function fillReviewCard(li, item) {
  setText(li.querySelector(".review-card-text"), item.idea.text);
  setText(li.querySelector(".review-card-counts"), countsLine(item));
  fillTriedChart(li.querySelector(".tried"), item);
  const decision = li.querySelector(".review-card-decision");
  setText(decision.querySelector(".decision-text"), decisionLine(item.decision));
  show(decision, Boolean(item.decision));
}

function renderOutcome(box, workshop) {
  const { next_step: next, next_step_note: note, lessons } = workshop;
  show(box, Boolean(next || note || lessons));
  const nextLine = box.querySelector(".outcome-line");
  show(nextLine, Boolean(next || note));
  setText(box.querySelector(".outcome-next"), next ? nextStepName(next) : "");
  setText(box.querySelector(".outcome-note"), note ? (next ? ` — ${note}` : note) : "");
  show(box.querySelector(".outcome-lessons-line"), Boolean(lessons));
  setText(box.querySelector(".outcome-lessons"), lessons || "");
}

function comment() {
  return h("li", { class: "comment" },
    h("p", { class: "comment-text user-text", dir: "auto" }),
    h("p", { class: "comment-by" }, h("span", { class: "comment-mark" }), h("span", { class: "comment-author user-text", dir: "auto" })));
}

function fillComment(li, c) {
  setText(li.querySelector(".comment-text"), c.text);
  const mark = li.querySelector(".comment-mark");
  if (mark.dataset.tried !== c.tried) {
    mark.dataset.tried = c.tried;
    mark.replaceChildren(triedMark(c.tried), " ", triedSummary(c.tried));
  }
  setText(li.querySelector(".comment-author"), c.author ? ` — ${c.author}` : "");
}

function renderFocus(store, item) {
  const box = el.focus;
  box.dataset.ideaId = item.idea_id;
  const parent = item.idea.parent_id != null ? store.ideas.find((i) => i.id === item.idea.parent_id) : null;
  show(box.querySelector(".focus-from"), Boolean(parent));
  setText(box.querySelector(".focus-from-text"), parent ? parent.text : "");
  setText(box.querySelector(".focus-text"), item.idea.text);
  setText(box.querySelector(".focus-counts"), countsLine(item));
  const tried = box.querySelector(".focus-tried");
  if (!tried.firstChild) tried.append(triedChart());
  fillTriedChart(tried, item);
  const feelings = box.querySelector(".focus-feelings");
  if (!feelings.firstChild) feelings.append(feelingsChart());
  fillFeelingsChart(feelings, item);
  const decision = box.querySelector(".focus-decision");
  setText(decision.querySelector(".decision-text"), decisionLine(item.decision));
  show(decision, Boolean(item.decision));
  show(el.commentsEmpty, !item.comments.length);
  fit(el.comments, item.comments, (shown) =>
    syncList(el.comments, shown, (c) => `${item.idea_id}:${item.comments.indexOf(c)}`, comment, fillComment),
  el.commentsMore, {
    // Read from the back of the room: rather fewer comments than small ones.
    densities: ["xl", "l", "m"],
    dropFrom: "end",
    moreText: (n) => tn("more_comments", n, "and %(num)s more comment", "and %(num)s more comments"),
  });
}

function renderReview(store) {
  const items = reviewItems(store);
  const focused = items.find((item) => item.idea_id === store.workshop.review_focus_id);
  show(el.reviewOverview, !focused);
  show(el.focus, Boolean(focused));
  if (focused) renderFocus(store, focused);
  show(el.reviewOutcome, false);
  if (!focused) {
    show(el.reviewEmpty, !items.length);
    renderOutcome(el.reviewOutcome, store.workshop);
    fit(el.reviewGrid, items, (shown) => syncList(el.reviewGrid, shown, (i) => i.idea_id, reviewCard, fillReviewCard),
      el.reviewMore, { dropFrom: "end" });
  }
}

function closedItem() {
  return h("li", { class: "closed-item", "data-testid": "review-item" },
    h("p", { class: "closed-text user-text", dir: "auto" }),
    h("p", { class: "closed-summary" }),
    h("p", { class: "closed-decision" },
      h("span", { class: "decision-label", text: t("decision_label", "Decision:") }), " ",
      h("span", { class: "decision-text user-text", dir: "auto" })));
}

function fillClosedItem(li, item) {
  setText(li.querySelector(".closed-text"), item.idea.text);
  const tried = item.tried;
  setText(li.querySelector(".closed-summary"), [
    tn("committed_count", item.committed, "%(num)s person committed", "%(num)s people committed"),
    t("tried_counts", "tried: %(yes)s yes, %(partly)s partly, %(no)s no", tried),
  ].join(" · "));
  const decision = li.querySelector(".closed-decision");
  setText(decision.querySelector(".decision-text"), item.decision ? decisionLine(item.decision) : t("no_decision", "no decision recorded"));
  decision.classList.toggle("is-none", !item.decision);
}

function renderClosed(store) {
  renderOutcome(el.closedOutcome, store.workshop);
  fit(el.closedList, reviewItems(store), (shown) => syncList(el.closedList, shown, (i) => i.idea_id, closedItem, fillClosedItem),
    el.closedMore, { dropFrom: "end" });
}

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
  // Joining stays open through the review (people reopen their link, latecomers
  // follow): keep the way in visible, except in the lobby, which is all QR code.
  show(el.corner, Boolean(allowed(workshop).join) && phase !== "lobby");
  document.body.classList.toggle("is-focused", phase === "review" && workshop.review_focus_id != null);

  if (phase === "lobby") renderLobby(store);
  else if (phase === "client_ideas") renderBoard(store);
  else if (phase === "transposition") renderMirror(store);
  else if (phase === "vote") renderVote(store);
  else if (phase === "results") renderResults(store);
  else if (phase === "review") renderReview(store);
  else if (phase === "closed") renderClosed(store);
  renderTimer([el.timer], workshop, live.now());
}

const live = createLive(config, { render });
setInterval(() => live.store && renderTimer([el.timer], live.store.workshop, live.now()), 500);
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

document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.target.closest && event.target.closest("input, textarea, select, [contenteditable]")) return;
  if (event.key === "f" || event.key === "F") {
    toggleFullscreen();
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
    case "?":
      if (el.help) {
        if (el.help.open) el.help.close();
        else el.help.showModal();
      }
      break;
    default:
      return;
  }
  event.preventDefault();
});
