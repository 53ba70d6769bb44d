// The facilitator's page and phone remote: steps, timer, tallies, settings,
// who is in, and tidying ideas (edit, hide, merge). Each part is wired only
// if the page has it, so the remote is the same script with fewer parts.
import { $, $$, h, readJSON, setText, show, syncList, t, tn, wireCopyButtons } from "./dom.js";
import { createLive } from "./live.js";
import { LIVE, authorsLine, mirror, nextPhase, phaseName, previousPhase, renderTimer, tally } from "./workshop.js";

const config = readJSON("atelier-config");
const el = {
  phase: $("#phase"),
  stepper: $("#stepper"),
  prev: $("#step-prev"),
  next: $("#step-next"),
  timer: $("#timer"),
  timerStop: $("#timer-stop"),
  reveal: $("#reveal"),
  voteCard: $("#vote-card"),
  voteProgress: $("#vote-progress"),
  settingsCard: $("#settings-card"),
  settings: $("#settings"),
  participants: $("#participants"),
  participantCount: $("#participant-count"),
  clientIdeas: $("#client-ideas"),
  clientCount: $("#client-count"),
  colleagueIdeas: $("#colleague-ideas"),
  colleagueCount: $("#colleague-count"),
  mergeBanner: $("#merge-banner"),
  status: $("#fac-status"),
  countPeople: $("#count-people"),
  countIdeas: $("#count-ideas"),
  countVoters: $("#count-voters"),
  title: $("#workshop-title"),
};

// Mirrors of atelier/domain/phases.py, to offer only what the server allows.
const TIDYING = ["client_ideas", "transposition", "vote"];
const EDITABLE = [...LIVE.slice(1), "review"];

let statusTimer = null;
function say(message, isError = false) {
  if (!el.status) return;
  setText(el.status, message);
  el.status.classList.toggle("is-error", isError);
  show(el.status, Boolean(message));
  clearTimeout(statusTimer);
  statusTimer = setTimeout(() => show(el.status, false), isError ? 8000 : 3000);
}

/** Send an action; say the server's refusal, or `done` when it worked. */
async function act(event, payload, done) {
  const ack = await live.send(event, payload);
  if (!ack.ok) say(ack.error.message, true);
  else if (done) say(done);
  return ack.ok;
}

// ---- steps, timer, tallies ----

for (const button of [el.prev, el.next].filter(Boolean)) {
  button.addEventListener("click", () => {
    const phase = live.store && live.store.workshop.phase;
    const target = button === el.next ? nextPhase(phase) : previousPhase(phase);
    if (target) act("phase.set", { phase: target });
  });
}

for (const button of $$(".timer-preset")) {
  button.addEventListener("click", () =>
    act("timer.start", { seconds: Number(button.dataset.seconds) }, t("timer_started", "Timer started.")));
}
if (el.timerStop) el.timerStop.addEventListener("click", () => act("timer.stop", {}, t("timer_stopped", "Timer stopped.")));

if (el.reveal) {
  el.reveal.addEventListener("click", () => {
    const revealed = !live.store.workshop.tallies_revealed;
    act("tallies.reveal", { revealed },
      revealed ? t("tallies_shown", "Tallies shown on the screen.") : t("tallies_hidden", "Tallies hidden from the screen."));
  });
}

function renderSteps(store) {
  const phase = store.workshop.phase;
  setText(el.phase, phaseName(phase));
  el.phase.dataset.phase = phase;
  if (el.stepper) {
    for (const li of el.stepper.children) {
      if (li.dataset.step === phase) li.setAttribute("aria-current", "step");
      else li.removeAttribute("aria-current");
      li.classList.toggle("is-done", LIVE.indexOf(li.dataset.step) < LIVE.indexOf(phase));
    }
  }
  const prev = previousPhase(phase);
  const next = nextPhase(phase);
  el.prev.disabled = !prev;
  el.next.disabled = !next;
  setText(el.prev.querySelector(".step-label"),
    prev ? t("back_to", "Back to: %(step)s", { step: phaseName(prev) }) : t("previous_step", "Previous step"));
  setText(el.next.querySelector(".step-label"),
    next ? t("next_to", "Next: %(step)s", { step: phaseName(next) }) : t("next_step", "Next step"));
}

function renderVoteControls(store) {
  const { workshop, votes, participants } = store;
  const inVote = ["vote", "results"].includes(workshop.phase);
  show(el.voteCard, inVote);
  if (el.reveal) {
    show(el.reveal, workshop.phase === "vote");
    el.reveal.setAttribute("aria-pressed", String(workshop.tallies_revealed));
    setText(el.reveal, workshop.tallies_revealed ? t("hide_tallies", "Hide tallies") : t("reveal", "Reveal tallies"));
  }
  if (el.voteProgress) {
    setText(el.voteProgress, t("have_chosen", "%(done)s of %(total)s have chosen",
      { done: votes.complete || 0, total: participants.length }));
  }
}

function renderCounts(store) {
  if (!el.countPeople) return;
  setText(el.countPeople, String(store.participants.length));
  setText(el.countIdeas, String(store.ideas.filter((i) => !i.hidden).length));
  setText(el.countVoters, `${store.votes.complete || 0} / ${store.participants.length}`);
}

// ---- settings ----

let settingsDirty = false;
if (el.settings) {
  el.settings.addEventListener("input", () => (settingsDirty = true));
  el.settings.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!el.settings.reportValidity()) return;
    const form = el.settings.elements;
    const workshop = live.store.workshop;
    const values = {
      title: form.title.value.trim(),
      team: form.team.value.trim(),
      language: form.language.value,
      date: form.date.value,
      votes_per_person: Number(form.votes_per_person.value),
      commitment_days: Number(form.commitment_days.value),
      show_names: form.show_names.checked,
    };
    // Only what changed: some settings lock once the vote has started.
    const changed = Object.fromEntries(Object.entries(values).filter(([k, v]) => workshop[k] !== v));
    if (!Object.keys(changed).length) {
      settingsDirty = false;
      say(t("saved", "Saved."));
      return;
    }
    if (await act("workshop.update", { settings: changed }, t("saved", "Saved."))) settingsDirty = false;
  });
}

function renderSettings(store) {
  if (!el.settings) return;
  const workshop = store.workshop;
  show(el.settingsCard, ["draft", "lobby"].includes(workshop.phase));
  if (el.title) setText(el.title, workshop.title);
  // Never overwrite what the facilitator is typing.
  if (settingsDirty || el.settings.contains(document.activeElement)) return;
  const form = el.settings.elements;
  form.title.value = workshop.title;
  form.team.value = workshop.team || "";
  form.language.value = workshop.language;
  form.date.value = workshop.date;
  form.votes_per_person.value = workshop.votes_per_person;
  form.commitment_days.value = workshop.commitment_days;
  form.show_names.checked = workshop.show_names;
}

// ---- who is in ----

function renderPeople(store) {
  if (!el.participants) return;
  setText(el.participantCount, `(${store.participants.length})`);
  syncList(el.participants, store.participants, (p) => p.id,
    () => h("li", { class: "person user-text", dir: "auto" }),
    (li, p) => setText(li, p.name));
  if (!store.participants.length) {
    el.participants.replaceChildren(h("li", { class: "empty", text: t("nobody_yet", "Nobody has joined yet.") }));
  }
}

// ---- ideas: edit, hide, merge ----

let editing = null; // id of the idea being edited
let merging = null; // the idea chosen to be merged into another

function startEdit(id) {
  editing = id;
  merging = null;
  live.render();
}

async function saveEdit(idea, text) {
  const clean = text.trim();
  if (clean === idea.text) {
    editing = null;
    live.render();
    return;
  }
  if (await act("idea.edit", { idea_id: idea.id, text: clean }, t("saved", "Saved."))) {
    editing = null;
    live.render();
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
        live.render();
      } })));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    saveEdit(idea, area.value);
  });
  area.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      editing = null;
      live.render();
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
    const meta = [authorsLine(idea), idea.hidden ? t("hidden", "hidden") : ""].filter(Boolean).join(" · ");
    setText(body.querySelector(".idea-meta"), meta);
    show(body.querySelector(".idea-meta"), Boolean(meta));
  }
  const badge = li.querySelector(":scope > .tally-badge");
  const counted = idea.kind === "colleague" && ["vote", "results", "review", "closed"].includes(phase);
  setText(badge, counted ? tn("votes_count", tally(store, idea.id), "%(num)s vote", "%(num)s votes") : "");
  show(badge, counted);

  const actions = [];
  if (merging) {
    if (merging.id !== idea.id && merging.kind === idea.kind && !idea.hidden) {
      actions.push(actionButton("merge-into", t("merge_into", "Keep this one"), "button-primary"));
    }
  } else if (!isEditing) {
    if (EDITABLE.includes(phase)) actions.push(actionButton("edit", t("edit", "Edit")));
    if (TIDYING.includes(phase)) {
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
  if (!target || !live.store) return;
  const id = Number(target.closest("[data-id]").dataset.id);
  const idea = live.store.ideas.find((i) => i.id === id);
  if (!idea) return;
  const action = target.dataset.act;
  if (action === "edit") startEdit(id);
  else if (action === "hide") act("idea.hide", { idea_id: id, hidden: !idea.hidden });
  else if (action === "merge") {
    merging = idea;
    editing = null;
    live.render();
  } else if (action === "merge-into" && merging) {
    const source = merging;
    merging = null;
    live.render();
    act("idea.merge", { idea_id: source.id, into_id: id }, t("saved", "Saved."));
  }
}
for (const list of [el.clientIdeas, el.colleagueIdeas].filter(Boolean)) list.addEventListener("click", onIdeaAction);

function renderIdeas(store) {
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

  const { pairs, free } = mirror(store);
  const groups = pairs.filter((p) => p.versions.length).map((p) => ({ key: `g${p.client.id}`, client: p.client, ideas: p.versions }));
  if (free.length) groups.push({ key: "free", client: null, ideas: free });
  setText(el.colleagueCount, `(${store.ideas.length - clients.length})`);
  syncList(el.colleagueIdeas, groups, (g) => g.key,
    () => h("section", { class: "fac-group" },
      h("p", { class: "fac-group-title" }, h("span", { class: "vote-group-label" }), " ", h("span", { class: "user-text", dir: "auto" })),
      h("ul", { class: "fac-list" })),
    (section, g) => {
      setText(section.querySelector(".vote-group-label"), g.client ? t("from_client", "From the client idea:") : t("free_ideas", "Free ideas"));
      setText(section.querySelector(".user-text"), g.client ? g.client.text : "");
      syncList(section.querySelector(".fac-list"), g.ideas, (i) => i.id, ideaRow, (li, idea) => fillRow(li, idea, store));
    });
  if (!groups.length) el.colleagueIdeas.replaceChildren(h("p", { class: "empty", text: t("no_ideas_yet", "No ideas yet.") }));
}

const mergeCancel = $("#merge-cancel");
if (mergeCancel) {
  mergeCancel.addEventListener("click", () => {
    merging = null;
    live.render();
  });
}
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && merging) {
    merging = null;
    live.render();
  }
});

// ---- all together ----

function render(liveState) {
  const store = liveState.store;
  document.body.dataset.phase = store.workshop.phase;
  renderSteps(store);
  renderVoteControls(store);
  renderCounts(store);
  renderSettings(store);
  renderPeople(store);
  renderIdeas(store);
  renderTimer([el.timer], store.workshop, live.now());
  if (el.timerStop) el.timerStop.disabled = !store.workshop.timer;
}

const secretDone = $("#secret-done");
if (secretDone) {
  secretDone.addEventListener("click", () => {
    $("#secret-link").remove();
    $("#main").focus(); // the removed button had focus: keep it in the page
  });
}

const live = createLive(config, { render });
wireCopyButtons();
setInterval(() => live.store && renderTimer([el.timer], live.store.workshop, live.now()), 500);
