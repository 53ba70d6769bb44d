// The projected screen: everything in very large type, fitted to the
// viewport (a projector cannot scroll), updated live. With the
// facilitator's key the keyboard (or a presenter clicker) drives it.
import { $, $$, formatDate, h, readJSON, setText, show, syncList, t, tn } from "./dom.js";
import { createLive } from "./live.js";
import { authorsLine, mirror, nextPhase, phaseName, previousPhase, ranking, renderTimer } from "./workshop.js";

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
function fit(box, items, draw, more, { dropFrom = "start", densities = DENSITIES, count = (list) => list.length } = {}) {
  let shown = items;
  draw(shown);
  for (const density of densities) {
    box.dataset.density = density;
    if (!overflows(box)) break;
  }
  while (shown.length > 1 && overflows(box)) {
    const drop = Math.max(1, Math.ceil(shown.length * 0.1));
    shown = dropFrom === "start" ? shown.slice(drop) : shown.slice(0, shown.length - drop);
    draw(shown);
  }
  if (more) {
    const hidden = count(items) - count(shown);
    setText(more, hidden ? tn("more_ideas", hidden, "and %(num)s more idea", "and %(num)s more ideas") : "");
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
  // Joining stays open during the whole live workshop: keep the way in visible.
  show(el.corner, ["client_ideas", "transposition", "vote", "results"].includes(phase));

  if (phase === "lobby") renderLobby(store);
  else if (phase === "client_ideas") renderBoard(store);
  else if (phase === "transposition") renderMirror(store);
  else if (phase === "vote") renderVote(store);
  else if (["results", "review", "closed"].includes(phase)) renderResults(store);
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
  switch (event.key) {
    case "ArrowRight":
    case "PageDown": {
      const target = nextPhase(workshop.phase);
      if (target) act("phase.set", { phase: target });
      break;
    }
    case "ArrowLeft":
    case "PageUp": {
      const target = previousPhase(workshop.phase);
      if (target) act("phase.set", { phase: target });
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
