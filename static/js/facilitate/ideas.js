// Tidying the ideas as they come in: edit, hide (or show again), merge two.
import { $, $$, h, setText, show, syncList, t, tn } from "../dom.js";
import { PHASES, allowed, authorsLine, mirror, originLine, tally } from "../workshop.js";
import { act, ctx, rerender } from "./common.js";

const el = {
  clientIdeas: $("#client-ideas"),
  clientCount: $("#client-count"),
  colleagueIdeas: $("#colleague-ideas"),
  colleagueCount: $("#colleague-count"),
  mergeBanner: $("#merge-banner"),
};

let editing = null; // id of the idea being edited
let merging = null; // the idea chosen to be merged into another

function startEdit(id) {
  editing = id;
  merging = null;
  rerender();
}

async function saveEdit(idea, text) {
  const clean = text.trim();
  if (clean === idea.text) {
    editing = null;
    rerender();
    return;
  }
  if (await act("idea.edit", { idea_id: idea.id, text: clean }, t("saved", "Saved."))) {
    editing = null;
    rerender();
  }
}

function editor(idea) {
  const area = h("textarea", { class: "edit-text", rows: "3", dir: "auto", "aria-label": t("edit", "Edit") });
  area.value = idea.text;
  const form = h("form", { class: "edit-form" }, area,
    h("div", { class: "actions" },
      h("button", { type: "submit", class: "button button-primary button-small", text: t("save", "Save") }),
      h("button", { type: "button", class: "button button-small", text: t("cancel", "Cancel"), onclick: () => {
        editing = null;
        rerender();
      } })));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    saveEdit(idea, area.value);
  });
  area.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      editing = null;
      rerender();
    } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  setTimeout(() => area.focus(), 0);
  return form;
}

function ideaRow() {
  return h("li", { class: "fac-idea", "data-testid": "idea" },
    h("div", { class: "fac-idea-body" },
      h("p", { class: "idea-text user-text", dir: "auto" }),
      h("p", { class: "idea-meta" })),
    h("span", { class: "tally-badge" }),
    h("div", { class: "actions row-actions" }));
}

/** An action button; one delegated listener (below) reads the idea fresh from the store. */
function actionButton(action, label, extra = "") {
  return h("button", { type: "button", class: `button button-small ${extra}`, "data-act": action, text: label });
}

function fillRow(li, idea, store) {
  const phase = store.workshop.phase;
  li.dataset.id = idea.id;
  li.classList.toggle("is-hidden", Boolean(idea.hidden));
  li.classList.toggle("is-merging", Boolean(merging && merging.id === idea.id));
  const body = li.querySelector(".fac-idea-body");
  const isEditing = editing === idea.id;
  const existing = body.querySelector(".edit-form");
  if (isEditing && !existing) body.replaceChildren(editor(idea));
  else if (!isEditing && existing) {
    body.replaceChildren(h("p", { class: "idea-text user-text", dir: "auto" }), h("p", { class: "idea-meta" }));
  }
  if (!isEditing) {
    setText(body.querySelector(".idea-text"), idea.text);
    const meta = [authorsLine(idea), idea.hidden ? t("hidden", "hidden") : "", originLine(idea.origin)].filter(Boolean).join(" · ");
    setText(body.querySelector(".idea-meta"), meta);
    show(body.querySelector(".idea-meta"), Boolean(meta));
  }
  const badge = li.querySelector(":scope > .tally-badge");
  const counted = idea.kind === "colleague" && PHASES.indexOf(phase) >= PHASES.indexOf("vote");
  setText(badge, counted ? tn("votes_count", tally(store, idea.id), "%(num)s vote", "%(num)s votes") : "");
  show(badge, counted);

  const actions = [];
  if (merging) {
    if (merging.id !== idea.id && merging.kind === idea.kind && !idea.hidden) {
      actions.push(actionButton("merge-into", t("merge_into", "Keep this one"), "button-primary"));
    }
  } else if (!isEditing) {
    const can = allowed(store.workshop);
    if (can.edit) actions.push(actionButton("edit", t("edit", "Edit")));
    if (can.tidy) {
      actions.push(actionButton("hide", idea.hidden ? t("unhide", "Show again") : t("hide", "Hide")));
      if (!idea.hidden) actions.push(actionButton("merge", t("merge", "Merge…")));
    }
  }
  // Rebuild the buttons only when they change: keyboard focus stays put.
  const box = li.querySelector(".row-actions");
  const signature = actions.map((b) => `${b.dataset.act}:${b.textContent}`).join("|");
  if (box.dataset.signature !== signature) {
    box.dataset.signature = signature;
    box.replaceChildren(...actions);
  }
}

async function onIdeaAction(event) {
  const target = event.target.closest("button[data-act]");
  if (!target || !ctx.live.store) return;
  const id = Number(target.closest("[data-id]").dataset.id);
  const idea = ctx.live.store.ideas.find((i) => i.id === id);
  if (!idea) return;
  const action = target.dataset.act;
  if (action === "edit") startEdit(id);
  else if (action === "hide") act("idea.hide", { idea_id: id, hidden: !idea.hidden });
  else if (action === "merge") {
    merging = idea;
    editing = null;
    rerender();
  } else if (action === "merge-into" && merging) {
    const source = merging;
    merging = null;
    rerender();
    act("idea.merge", { idea_id: source.id, into_id: id }, t("saved", "Saved."));
  }
}
for (const list of [el.clientIdeas, el.colleagueIdeas].filter(Boolean)) list.addEventListener("click", onIdeaAction);

export function renderIdeas(store) {
  if (!el.clientIdeas) return;
  // Before ideas come in, the page is about getting ready: no empty lists.
  const early = ["draft", "lobby"].includes(store.workshop.phase) && !store.ideas.length;
  for (const section of $$(".ideas-section")) show(section, !early);
  if (merging && !store.ideas.some((i) => i.id === merging.id)) merging = null;
  if (editing && !store.ideas.some((i) => i.id === editing)) editing = null;
  show(el.mergeBanner, Boolean(merging));
  if (merging) {
    setText(el.mergeBanner.querySelector(".merge-text"),
      t("merging", "Merging “%(text)s”: choose the idea to keep.", { text: merging.text }));
  }

  const clients = store.ideas.filter((i) => i.kind === "client");
  setText(el.clientCount, `(${clients.length})`);
  syncList(el.clientIdeas, clients, (i) => i.id, ideaRow, (li, idea) => fillRow(li, idea, store));
  if (!clients.length) el.clientIdeas.replaceChildren(h("li", { class: "empty", text: t("no_ideas_yet", "No ideas yet.") }));

  const { pairs, free, carried } = mirror(store);
  const groups = carried.length ? [{ key: "carried", client: null, carried: true, ideas: carried }] : [];
  groups.push(...pairs.filter((p) => p.versions.length).map((p) => ({ key: `g${p.client.id}`, client: p.client, ideas: p.versions })));
  if (free.length) groups.push({ key: "free", client: null, ideas: free });
  setText(el.colleagueCount, `(${store.ideas.length - clients.length})`);
  syncList(el.colleagueIdeas, groups, (g) => g.key,
    () => h("section", { class: "fac-group" },
      h("p", { class: "fac-group-title" }, h("span", { class: "vote-group-label" }), " ", h("span", { class: "user-text", dir: "auto" })),
      h("ul", { class: "fac-list" })),
    (section, g) => {
      const label = g.client ? t("from_client", "From the client idea:")
        : g.carried ? t("carried_ideas", "From an earlier workshop") : t("free_ideas", "Free ideas");
      setText(section.querySelector(".vote-group-label"), label);
      setText(section.querySelector(".user-text"), g.client ? g.client.text : "");
      syncList(section.querySelector(".fac-list"), g.ideas, (i) => i.id, ideaRow, (li, idea) => fillRow(li, idea, store));
    });
  if (!groups.length) el.colleagueIdeas.replaceChildren(h("p", { class: "empty", text: t("no_ideas_yet", "No ideas yet.") }));
}

const mergeCancel = $("#merge-cancel");
if (mergeCancel) {
  mergeCancel.addEventListener("click", () => {
    merging = null;
    rerender();
  });
}
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && merging) {
    merging = null;
    rerender();
  }
});

