// The live steps on the screen: the lobby, client ideas, the mirror of the
// transposition, the vote and the results. Each fits the screen at a type
// readable from the back of the room, page by page when there is more.
import { formatDate, h, setText, show, syncList, t, tn } from "../dom.js";
import { authorsLine, mirror, originLine, ranking } from "../workshop.js";
import { paginate } from "./pager.js";

// Densities, largest first; the smallest keeps idea text at 2.5 % of the
// screen height (18 px at 720 p) and names at 2 % (14 px).
export const CARDS = ["xl", "l", "m"];
// Grids of cards may also go to five narrower columns at the smallest type.
const GRID = { densities: ["xl", "l", "m", "m5"], choices: 2 };
const NAMES = ["xl", "l", "m", "s"];

// New ideas (and people, and comments) arrive with a short pop; what the
// screen showed at its first render, or shows again on another page, does not.
const seen = new Set();
let primed = false;
export function isNew(key) {
  const fresh = primed && !seen.has(key);
  seen.add(key);
  return fresh;
}
export function primeArrivals() {
  primed = true;
}

function ideaCard(idea, className = "") {
  return h("li", { class: `screen-card ${className}${isNew(`i${idea.id}`) ? " is-new" : ""}`, "data-testid": "idea" },
    h("p", { class: "idea-text user-text", dir: "auto" }),
    h("p", { class: "idea-authors", dir: "auto" }));
}

function fillCard(card, idea) {
  setText(card.querySelector(".idea-text"), idea.text);
  const authors = card.querySelector(".idea-authors");
  // A carried-over idea has no authors here: how it went there instead.
  const line = idea.origin ? originLine(idea.origin) : authorsLine(idea);
  setText(authors, line);
  show(authors, Boolean(line));
  authors.classList.toggle("idea-origin", Boolean(idea.origin));
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
      // Widths through CSSOM (a strict CSP forbids style=""); the bar grows into place (CSS).
      li.querySelector(".bar-fill").style.setProperty("--share", String(r.count / max));
    });
}

export function renderLobby(el, store) {
  const people = store.participants;
  setText(el.peopleCount, people.length
    ? tn("people_count", people.length, "%(num)s person", "%(num)s people")
    : t("nobody_yet", "Nobody has joined yet."));
  paginate(el.names, people, (shown) =>
    syncList(el.names, shown, (p) => p.id,
      (p) => h("li", { class: `name-chip user-text${isNew(`p${p.id}`) ? " is-new" : ""}`, dir: "auto" }),
      (li, p) => setText(li, p.name)), { densities: NAMES, follow: true });
}

export function renderBoard(el, store) {
  const ideas = store.ideas.filter((i) => i.kind === "client");
  paginate(el.board, ideas, (shown) => syncList(el.board, shown, (i) => i.id, (i) => ideaCard(i), fillCard),
    { ...GRID, follow: true });
}

/**
 * The mirror's rows: ideas carried over from an earlier workshop (no client
 * idea of this room to mirror: a row of their own, first, as on the phones),
 * transposed client ideas, free ideas, then those still waiting, three to a row.
 */
function mirrorRows(store) {
  const { pairs, free, carried } = mirror(store);
  const waiting = pairs.filter((p) => !p.versions.length).map((p) => p.client);
  const rows = [
    ...(carried.length ? [{ key: "carried", client: null, carried: true, versions: carried }] : []),
    ...pairs.filter((p) => p.versions.length).map((p) => ({ key: `c${p.client.id}`, ...p })),
    ...(free.length ? [{ key: "free", client: null, versions: free }] : []),
  ];
  for (let n = 0; n < waiting.length; n += 3) {
    const group = waiting.slice(n, n + 3);
    rows.push({ key: `w${group.map((c) => c.id).join("-")}`, waiting: group, first: n === 0 });
  }
  return rows;
}

export function renderMirror(el, store) {
  const draw = (shown) =>
    syncList(el.mirror, shown, (r) => r.key,
      (r) => r.waiting
        ? h("div", { class: "pair pair-waiting-row" },
          h("p", { class: "pair-label waiting-label" }),
          h("ul", { class: "waiting-clients" }))
        : h("div", { class: `pair${r.client ? "" : " pair-free"}` },
          r.client
            ? h("ul", { class: "pair-client" }, ideaCard(r.client, "client-card"))
            : h("p", { class: "pair-client pair-label",
              text: r.carried ? t("carried_ideas", "From an earlier workshop") : t("free_ideas", "Free ideas") }),
          h("span", { class: "pair-arrow", "aria-hidden": "true", text: "→" }),
          h("ul", { class: "pair-versions" })),
      (row, r) => {
        if (r.waiting) {
          setText(row.querySelector(".waiting-label"), r.first ? t("waiting_versions", "Still waiting for a colleague version") : "");
          show(row.querySelector(".waiting-label"), r.first);
          syncList(row.querySelector(".waiting-clients"), r.waiting, (i) => i.id, (i) => ideaCard(i, "client-card"), fillCard);
          return;
        }
        if (r.client) fillCard(row.querySelector(".client-card"), r.client);
        syncList(row.querySelector(".pair-versions"), r.versions, (i) => i.id, (i) => ideaCard(i, "colleague-card"), fillCard);
      });
  paginate(el.mirror, mirrorRows(store), draw, { densities: ["xl", "l", "m", "m2"], choices: 2, keyOf: (r) => r.key, follow: true });
}

export function renderVote(el, store) {
  const total = store.participants.length;
  const done = store.votes.complete || 0;
  setText(el.voteProgress, t("have_chosen", "%(done)s of %(total)s have chosen", { done, total }));
  el.voteFill.style.width = `${total ? (100 * done) / total : 0}%`;
  const revealed = Boolean(store.workshop.tallies_revealed && store.votes.tallies);
  show(el.voteHint, !revealed);
  show(el.voteOptions, !revealed);
  show(el.voteTallies, revealed);
  if (revealed) {
    paginate(el.voteTallies, ranking(store, { chosenOnly: true }), (rows) => drawBars(el.voteTallies, rows),
      { densities: CARDS, keyOf: (r) => r.idea.id });
  } else {
    // While tallies are hidden, the room sees what there is to choose from.
    const options = store.ideas.filter((i) => i.kind === "colleague");
    paginate(el.voteOptions, options, (shown) =>
      syncList(el.voteOptions, shown, (i) => i.id, (i) => ideaCard(i, "colleague-card"), fillCard), GRID);
  }
}

export function renderResults(el, store) {
  setText(el.reviewDate, t("review_on", "Review on %(date)s", { date: formatDate(store.workshop.review_date) }));
  paginate(el.ranking, ranking(store, { chosenOnly: true }), (rows) => drawBars(el.ranking, rows),
    { densities: CARDS, keyOf: (r) => r.idea.id });
}
