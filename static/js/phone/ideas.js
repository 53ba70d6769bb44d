// The ideas posted at the client step, and the transposition: each client
// idea to turn into colleague versions, with the person's own versions.
import { h, setText, show, syncList, t, tn } from "../dom.js";
import { authorsLine, mirror } from "../workshop.js";
import { currentCtx, draftOf, openComposer } from "./composer.js";
import { app, el } from "./state.js";

function ideaItem(idea) {
  return h("li", { class: "idea", "data-testid": "idea" },
    h("p", { class: "idea-text user-text", dir: "auto" }),
    h("p", { class: "idea-meta" }));
}

function fillIdea(li, idea, { mine = false, pending = false } = {}) {
  setText(li.querySelector(".idea-text"), idea.text);
  const meta = [];
  if (pending) meta.push(t("sending", "Waiting to be sent"));
  else {
    const authors = authorsLine(idea);
    if (authors) meta.push(authors);
    if (mine) meta.push(t("mine", "mine"));
  }
  const metaEl = li.querySelector(".idea-meta");
  setText(metaEl, meta.join(" · "));
  show(metaEl, meta.length > 0);
  li.classList.toggle("is-mine", mine);
  li.classList.toggle("is-pending", pending);
}

function pendingPosts(filter) {
  return app.live.outbox
    .pending("idea.post")
    .filter((item) => filter(item.payload))
    .map((item) => ({ key: `p:${item.client_id}`, idea: { text: item.payload.text }, pending: true }));
}

function renderIdeaList(container, entries, mine) {
  syncList(container, entries, (e) => e.key, () => ideaItem(), (li, e) =>
    fillIdea(li, e.idea, { mine: !e.pending && mine.has(e.idea.id), pending: e.pending }));
}

export function renderClientIdeas(store, mine) {
  const ideas = store.ideas.filter((i) => i.kind === "client");
  const entries = [
    ...pendingPosts((p) => p.kind === "client").reverse(),
    ...ideas.map((idea) => ({ key: idea.id, idea })).reverse(), // newest first, under the composer
  ];
  renderIdeaList(el.clientList, entries, mine);
  setText(el.clientCount, ideas.length ? `(${ideas.length})` : "");
}

export function renderTransposition(store, mine) {
  const { pairs, free } = mirror(store);
  const myFree = free.filter((i) => mine.has(i.id)).map((idea) => ({ key: idea.id, idea }));
  renderIdeaList(el.freeMine, [...myFree, ...pendingPosts((p) => p.kind === "colleague" && p.parent_id == null)], mine);
  syncList(
    el.transposeList,
    pairs,
    (pair) => `c:${pair.client.id}`,
    (pair) => {
      const key = `c:${pair.client.id}`;
      const button = h("button", { type: "button", class: "pick", "aria-expanded": "false" },
        h("span", { class: "pick-text user-text", dir: "auto" }),
        h("span", { class: "pick-action", text: t("write_version", "Write a colleague version") }));
      button.addEventListener("click", () => openComposer(currentCtx() === key ? null : key));
      return h("li", { class: "pick-card" },
        button,
        h("div", { class: "composer-slot", "data-slot": key }),
        h("ul", { class: "idea-list mine-list" }),
        h("p", { class: "others hint" }));
    },
    (li, pair) => {
      setText(li.querySelector(".pick-text"), pair.client.text);
      const minePairs = pair.versions.filter((v) => mine.has(v.id)).map((idea) => ({ key: idea.id, idea }));
      const pending = pendingPosts((p) => p.kind === "colleague" && p.parent_id === pair.client.id);
      renderIdeaList(li.querySelector(".mine-list"), [...minePairs, ...pending], mine);
      const others = pair.versions.length - minePairs.length;
      const othersEl = li.querySelector(".others");
      setText(othersEl, others ? tn("by_others", others, "%(num)s version by others", "%(num)s versions by others") : "");
      show(othersEl, others > 0);
      const key = `c:${pair.client.id}`;
      li.classList.toggle("is-open", currentCtx() === key);
      const draft = draftOf(key);
      const hasDraft = currentCtx() !== key && Boolean(draft && draft.trim());
      setText(li.querySelector(".pick-action"), hasDraft
        ? t("continue_draft", "Continue your draft")
        : t("write_version", "Write a colleague version"));
    },
  );
}
