// The participant's phone. Lists are redrawn from the store; the composer
// (one textarea) is a fixed node moved where it is needed, so typing is
// never interrupted by a redraw, and its text is saved as it is typed.
import {
  $, $$, copyText, formatDate, fromTemplate, h, readJSON, setText, show, storage, syncList, t, tn, wireCopyButtons,
} from "./dom.js";
import { createLive } from "./live.js";
import { commentHint, renderNamesLines } from "./names.js";
import {
  allowed, authorsLine, decisionLine, mirror, nextStepName, phaseName, ranking, renderTimer, triedSummary,
} from "./workshop.js";

const config = readJSON("atelier-config");
const el = {
  phase: $("#phase"),
  instruction: $("#instruction"),
  timer: $("#timer"),
  park: $(".composer-park"),
  composer: $("#composer"),
  label: $("#composer-label"),
  text: $("#idea-text"),
  count: $("#idea-count"),
  error: $("#composer-error"),
  status: $("#composer-status"),
  clientList: $("#client-list"),
  clientCount: $("#client-count"),
  pickFree: $("#pick-free"),
  freeMine: $("#free-mine"),
  transposeList: $("#transpose-list"),
  choicesLeft: $("#choices-left"),
  voteError: $("#vote-error"),
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
};
const MAX = Number(config.max_text) || Number(el.text.dataset.max) || 280;
const MAX_COMMENT = Number(config.max_comment) || 500;

// ---- what the phone keeps: drafts per composer context, texts not sent ----

const draftsKey = `atelier:${config.code}:drafts`;
const unsentKey = `atelier:${config.code}:unsent`;
let drafts = storage.get(draftsKey, {}) || {};
let unsent = storage.get(unsentKey, []) || [];
const saveDrafts = () => storage.set(draftsKey, drafts);
const saveUnsent = () => (unsent.length ? storage.set(unsentKey, unsent) : storage.remove(unsentKey));

// A composer context: "client", "free", or "c:<client idea id>".
let ctx = null;

function ctxPost(c) {
  if (c === "client") return { kind: "client", parent_id: null };
  if (c === "free") return { kind: "colleague", parent_id: null };
  return { kind: "colleague", parent_id: Number(c.slice(2)) };
}

function ctxValid(store, c) {
  // What the step collects is the server's call (workshop.allowed.post).
  const post = allowed(store.workshop).post;
  if (c === "client") return post === "client";
  if (post !== "colleague") return false;
  if (c === "free") return true;
  const id = Number(String(c).slice(2));
  return store.ideas.some((i) => i.id === id && i.kind === "client");
}

const codePoints = (s) => [...s].length;

function updateCounter() {
  const n = codePoints(el.text.value.trim());
  setText(el.count, `${n} / ${MAX}`);
  el.count.classList.toggle("is-over", n > MAX);
}

function showError(target, message) {
  setText(target, message || "");
  show(target, Boolean(message));
  target.classList.remove("is-paused");
}

function joinTexts(a, b) {
  return a && a.trim() ? `${a.trimEnd()}\n\n${b}` : b;
}

function openComposer(next, { focus = true } = {}) {
  if (ctx) drafts[ctx] = el.text.value;
  ctx = next;
  el.text.value = (ctx && drafts[ctx]) || "";
  saveDrafts();
  updateCounter();
  showError(el.error, "");
  setText(el.status, "");
  placeComposer();
  if (focus && ctx) el.text.focus();
  renderUnsent(); // "not sent" texts offer to go back into the open text box
}

function placeComposer() {
  const slot = ctx ? $(`.composer-slot[data-slot="${ctx}"]`) : null;
  const target = slot || el.park;
  if (el.composer.parentNode !== target) target.append(el.composer);
  const labels = {
    client: () => t("label_client", "Your client idea"),
    free: () => t("label_free", "Your own colleague idea"),
  };
  setText(el.label, (labels[ctx] || (() => t("label_version", "Your colleague version of this idea")))());
  for (const button of $$(".pick[aria-expanded]")) {
    const key = button.closest("[data-key]").dataset.key;
    button.setAttribute("aria-expanded", String(key === (ctx === "free" ? "free" : ctx)));
  }
}

el.text.addEventListener("input", () => {
  if (ctx) {
    drafts[ctx] = el.text.value;
    saveDrafts();
  }
  updateCounter();
  if (!el.error.hidden && el.text.value.trim()) showError(el.error, "");
});
el.text.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    el.composer.requestSubmit();
  }
});

el.composer.addEventListener("submit", (event) => {
  event.preventDefault();
  if (!ctx) return;
  const text = el.text.value.trim();
  if (!text) return showError(el.error, t("text_empty", "Type something first."));
  if (codePoints(text) > MAX) {
    return showError(el.error, t("text_too_long", "Text too long: %(limit)s characters at most.", { limit: MAX }));
  }
  // Saved in the outbox (localStorage) before it leaves: from here it cannot be lost.
  live.submit("idea.post", { ...ctxPost(ctx), text }, { ctx });
  el.text.value = "";
  delete drafts[ctx];
  saveDrafts();
  updateCounter();
  showError(el.error, "");
  setText(el.status, live.socket.connected ? "" : t("saved_offline", "Saved on this phone. It will be sent when the connection is back."));
  el.text.focus();
});

/** Put a text back where the person can act on it. */
function restore(c, text, message, { paused = false } = {}) {
  const store = live.store;
  if (store && ctxValid(store, c)) {
    if (c !== ctx) openComposer(c, { focus: false });
    el.text.value = joinTexts(el.text.value, text);
    drafts[c] = el.text.value;
    saveDrafts();
    updateCounter();
    showError(el.error, message);
    el.error.classList.toggle("is-paused", paused); // not the person's fault: no red
    setText(el.status, "");
    return;
  }
  unsent.push({ text, message });
  saveUnsent();
  live.render();
}

el.pickFree.addEventListener("click", () => openComposer(ctx === "free" ? null : "free"));

// ---- voting ----

/** The choice shown: the last ballot still waiting to be sent, else the server's. */
function currentBallot(store) {
  const queued = live.outbox.pending("vote.set");
  if (queued.length) return queued[queued.length - 1].payload.idea_ids;
  return (store.me && store.me.votes) || [];
}

function voteLimit(store) {
  const limit = store.votes && store.votes.limit;
  return typeof limit === "number" ? limit : store.workshop.votes_per_person;
}

function toggleChoice(id) {
  const store = live.store;
  const eligible = new Set(store.ideas.filter((i) => i.kind === "colleague").map((i) => i.id));
  const chosen = new Set(currentBallot(store).filter((x) => eligible.has(x)));
  const limit = voteLimit(store);
  if (chosen.has(id)) chosen.delete(id);
  else if (chosen.size >= limit) {
    showError(el.voteError, t("limit_reached", "You have chosen %(limit)s already. Remove one first.", { limit }));
    return;
  } else chosen.add(id);
  showError(el.voteError, "");
  // The whole ballot each time: the server replaces the previous one.
  live.submit("vote.set", { idea_ids: [...chosen] }, {});
  live.render();
}

// ---- rendering ----

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
  return live.outbox
    .pending("idea.post")
    .filter((item) => filter(item.payload))
    .map((item) => ({ key: `p:${item.client_id}`, idea: { text: item.payload.text }, pending: true }));
}

function renderIdeaList(container, entries, mine) {
  syncList(container, entries, (e) => e.key, () => ideaItem(), (li, e) =>
    fillIdea(li, e.idea, { mine: !e.pending && mine.has(e.idea.id), pending: e.pending }));
}

function renderClientIdeas(store, mine) {
  const ideas = store.ideas.filter((i) => i.kind === "client");
  const entries = [
    ...pendingPosts((p) => p.kind === "client").reverse(),
    ...ideas.map((idea) => ({ key: idea.id, idea })).reverse(), // newest first, under the composer
  ];
  renderIdeaList(el.clientList, entries, mine);
  setText(el.clientCount, ideas.length ? `(${ideas.length})` : "");
}

function renderTransposition(store, mine) {
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
      button.addEventListener("click", () => openComposer(ctx === key ? null : key));
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
      li.classList.toggle("is-open", ctx === key);
      const hasDraft = ctx !== key && Boolean(drafts[key] && drafts[key].trim());
      setText(li.querySelector(".pick-action"), hasDraft
        ? t("continue_draft", "Continue your draft")
        : t("write_version", "Write a colleague version"));
    },
  );
}

function renderVote(store, mine) {
  const { pairs, free } = mirror(store);
  const groups = pairs
    .filter((p) => p.versions.length)
    .map((p) => ({ key: `g${p.client.id}`, client: p.client, ideas: p.versions }));
  if (free.length) groups.push({ key: "free", client: null, ideas: free });
  const chosen = new Set(currentBallot(store));
  const limit = voteLimit(store);
  const left = Math.max(0, limit - chosen.size);
  let status;
  if (!limit) status = t("no_choices", "No colleague ideas to choose from yet.");
  else if (left) status = tn("choices_left", left, "%(num)s choice left", "%(num)s choices left");
  else status = t("choices_done", "All set. You can change your choice until the vote closes.");
  setText(el.choicesLeft, status);
  el.choicesLeft.classList.toggle("is-done", Boolean(limit) && !left);

  syncList(
    el.voteGroups,
    groups,
    (g) => g.key,
    (g) =>
      h("section", { class: "vote-group" },
        g.client
          ? h("p", { class: "vote-group-title" },
              h("span", { class: "vote-group-label", text: t("from_client", "From the client idea:") }), " ",
              h("span", { class: "user-text", dir: "auto" }))
          : h("p", { class: "vote-group-title" }, h("span", { class: "vote-group-label", text: t("free_ideas", "Free ideas") })),
        h("div", { class: "choices" })),
    (section, g) => {
      if (g.client) setText(section.querySelector(".vote-group-title .user-text"), g.client.text);
      syncList(
        section.querySelector(".choices"),
        g.ideas,
        (idea) => idea.id,
        (idea) => {
          const button = h("button", { type: "button", class: "choice", "data-testid": "idea", "aria-pressed": "false" },
            h("span", { class: "choice-mark", "aria-hidden": "true" }),
            h("span", { class: "choice-body" },
              h("span", { class: "idea-text user-text", dir: "auto" }),
              h("span", { class: "idea-meta" })));
          button.addEventListener("click", () => toggleChoice(idea.id));
          return button;
        },
        (button, idea) => {
          const on = chosen.has(idea.id);
          button.setAttribute("aria-pressed", String(on));
          setText(button.querySelector(".idea-text"), idea.text);
          const meta = [authorsLine(idea), mine.has(idea.id) ? t("mine", "mine") : ""].filter(Boolean).join(" · ");
          setText(button.querySelector(".idea-meta"), meta);
        },
      );
    },
  );
}

// ---- commitments and their reports (from the results until closing) ----

// What the person is typing in a report, per idea id, kept on the phone.
const reportDraftsKey = `atelier:${config.code}:reports`;
let reportDrafts = storage.get(reportDraftsKey, {}) || {};
const saveReportDrafts = () => storage.set(reportDraftsKey, reportDrafts);
const reportOpen = new Map(); // idea id → form opened (true) or closed (false) by the person
const reportErrors = new Map(); // idea id → the server's refusal, shown in the form

/** The last report waiting to be sent for an idea, if any. */
function pendingReport(id) {
  const queued = live.outbox.pending("report.save").filter((item) => item.payload.idea_id === id);
  return queued.length ? queued[queued.length - 1].payload : null;
}

function savedReport(store, id) {
  const reports = (store.me && store.me.reports) || {};
  return reports[String(id)] || null;
}

function isReportOpen(store, id) {
  if (!allowed(store.workshop).report) return false;
  if (reportOpen.has(id)) return reportOpen.get(id);
  if (reportDrafts[id]) return true; // an answer started before a reload
  // At the review, an idea not yet told about opens by itself.
  return store.workshop.phase === "review" && !savedReport(store, id) && !pendingReport(id);
}

function readReportForm(form) {
  const checked = (name) => {
    const input = form.querySelector(`input[name^="${name}-"]:checked`);
    return input ? input.value : null;
  };
  const feeling = checked("feeling");
  return {
    tried: checked("tried"),
    feeling: feeling ? Number(feeling) : null,
    comment: form.querySelector(".report-comment").value,
  };
}

function writeReportForm(form, values) {
  for (const input of form.querySelectorAll("input[type=radio]")) {
    const field = input.name.startsWith("tried-") ? "tried" : "feeling";
    input.checked = values != null && String(values[field]) === input.value;
  }
  form.querySelector(".report-comment").value = (values && values.comment) || "";
  updateCommentCounter(form);
}

function updateCommentCounter(form) {
  const n = codePoints(form.querySelector(".report-comment").value.trim());
  const counter = form.querySelector(".comment-count");
  setText(counter, `${n} / ${MAX_COMMENT}`);
  counter.classList.toggle("is-over", n > MAX_COMMENT);
}

function openReport(id, open) {
  reportOpen.set(id, open);
  if (!open) {
    delete reportDrafts[id];
    saveReportDrafts();
    reportErrors.delete(id);
  }
  live.render();
}

function createCommitment(idea) {
  const id = idea.id;
  const li = fromTemplate("commitment-template", id);
  const form = li.querySelector(".report-form");
  const toggle = li.querySelector(".report-toggle");
  toggle.addEventListener("click", () => {
    const opening = toggle.getAttribute("aria-expanded") !== "true";
    openReport(id, opening);
    if (opening) {
      setTimeout(() => {
        const target = form.querySelector("input:checked") || form.querySelector("input[type=radio]");
        if (target) target.focus();
      }, 50);
    }
  });
  form.addEventListener("input", () => {
    reportDrafts[id] = readReportForm(form);
    saveReportDrafts();
    updateCommentCounter(form);
    if (reportErrors.has(id)) {
      reportErrors.delete(id);
      showError(form.querySelector(".report-error"), "");
    }
  });
  // The toggle shows again once the page is redrawn: give it the focus then.
  const focusToggle = () => setTimeout(() => toggle.focus(), 60);
  form.querySelector(".report-cancel").addEventListener("click", () => {
    openReport(id, false);
    focusToggle();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const values = readReportForm(form);
    const error = form.querySelector(".report-error");
    const comment = values.comment.trim();
    if (!values.tried) return showError(error, t("report_need_tried", "Say whether you tried it: yes, partly or no."));
    if (!values.feeling) return showError(error, t("report_need_feeling", "Choose how it felt, from 1 to 5."));
    if (codePoints(comment) > MAX_COMMENT) {
      return showError(error, t("text_too_long", "Text too long: %(limit)s characters at most.", { limit: MAX_COMMENT }));
    }
    // Into the outbox (localStorage) first: a sleeping phone cannot lose it.
    live.submit("report.save", { idea_id: id, tried: values.tried, feeling: values.feeling, comment }, {});
    openReport(id, false);
    focusToggle();
  });
  return li;
}

function fillCommitment(li, idea, store) {
  const id = idea.id;
  const can = Boolean(allowed(store.workshop).report);
  const pending = pendingReport(id);
  const report = pending || savedReport(store, id);
  setText(li.querySelector(".commitment-text"), idea.text);
  li.classList.toggle("has-report", Boolean(report));

  const saved = li.querySelector(".report-saved");
  show(saved, Boolean(report));
  saved.classList.toggle("is-pending", Boolean(pending));
  if (report) {
    setText(saved.querySelector(".report-saved-label"), pending
      ? t("sending", "Waiting to be sent")
      : can ? t("report_saved", "Saved:") : t("report_yours", "Your answer:"));
    setText(saved.querySelector(".report-summary"), [
      triedSummary(report.tried),
      t("feeling_of", "feeling %(num)s out of 5", { num: report.feeling }),
    ].join(" · "));
  }
  const said = li.querySelector(".report-said");
  setText(said, report && report.comment ? report.comment : "");
  show(said, Boolean(report && report.comment));
  const none = li.querySelector(".report-none");
  setText(none, can ? t("report_none", "You have not told how it went yet.") : t("report_none_closed", "No answer recorded."));
  show(none, !report);

  // The group's decision, once the review has taken it.
  const item = (store.review || []).find((r) => r.idea_id === id);
  const decision = li.querySelector(".commitment-decision");
  const decided = item && item.decision ? t("group_decided", "The group decided: %(decision)s", { decision: decisionLine(item.decision) }) : "";
  setText(decision, decided);
  show(decision, Boolean(decided));

  const open = isReportOpen(store, id);
  const toggle = li.querySelector(".report-toggle");
  show(toggle, can && !open);
  toggle.setAttribute("aria-expanded", String(open));
  setText(toggle, report ? t("report_change", "Change my answer") : t("report_open", "Tell how it went"));

  const form = li.querySelector(".report-form");
  if (open && form.hidden) {
    // Opening: what was being typed, else the answer given, else nothing.
    writeReportForm(form, reportDrafts[id] || report);
  }
  show(form, open);
  setText(form.querySelector(".comment-hint"), commentHint(store.workshop, savedReport(store, id)));
  showError(form.querySelector(".report-error"), reportErrors.get(id) || "");
}

function renderCommitments(store) {
  const byId = new Map(store.ideas.map((i) => [i.id, i]));
  const ideas = ((store.me && store.me.votes) || []).map((id) => byId.get(id)).filter(Boolean);
  const phase = store.workshop.phase;
  setText(el.reportIntro, ideas.length ? t(`report_intro_${phase}`, "") : "");
  show(el.reportIntro, Boolean(ideas.length));
  if (!ideas.length) {
    el.commitments.replaceChildren(h("li", { class: "empty", text: t("no_commitments", "You did not choose any idea.") }));
    return;
  }
  syncList(el.commitments, ideas, (i) => i.id, createCommitment, (li, idea) => fillCommitment(li, idea, store));
}

function renderOutcome(store) {
  const { next_step: next, next_step_note: note, lessons } = store.workshop;
  const any = Boolean(next || note || lessons) && ["review", "closed"].includes(store.workshop.phase);
  show(el.outcome, any);
  if (!any) return;
  setText(el.outcomeNext, next ? nextStepName(next) : "");
  show(el.outcomeNext, Boolean(next));
  setText(el.outcomeNote, note || "");
  show(el.outcomeNote, Boolean(note));
  setText(el.outcomeLessons, lessons || "");
  show(el.outcomeLessons, Boolean(lessons));
  show(el.outcomeLessonsTitle, Boolean(lessons));
}

// ---- an address for reminders (only when the server sends e-mails) ----

let emailDirty = false;
if (el.emailForm) {
  el.email.addEventListener("input", () => {
    emailDirty = true;
    showError(el.emailError, "");
    setText(el.emailStatus, "");
  });
  el.emailForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const email = el.email.value.trim();
    live.submit("email.set", { email }, {});
    emailDirty = false;
    showError(el.emailError, "");
    setText(el.emailStatus, live.socket.connected ? "" : t("saved_offline", "Saved on this phone. It will be sent when the connection is back."));
  });
}

function renderEmail(store) {
  if (!el.emailForm || emailDirty || document.activeElement === el.email) return;
  const queued = live.outbox.pending("email.set");
  const value = queued.length ? queued[queued.length - 1].payload.email : (store.me && store.me.email) || "";
  if (el.email.value !== value) el.email.value = value;
}

function renderResults(store) {
  renderCommitments(store);
  renderOutcome(store);
  renderEmail(store);
  const votes = (store.me && store.me.votes) || [];
  setText(el.reviewDate, t("review_on", "Review on %(date)s", { date: formatDate(store.workshop.review_date) }));
  const chosen = new Set(votes);
  syncList(
    el.ranking,
    ranking(store, { chosenOnly: true }),
    (r) => r.idea.id,
    () => h("li", { class: "rank", "data-testid": "idea" },
      h("span", { class: "idea-text user-text", dir: "auto" }),
      h("span", { class: "rank-count" })),
    (li, r) => {
      setText(li.querySelector(".idea-text"), r.idea.text);
      setText(li.querySelector(".rank-count"), tn("votes_count", r.count, "%(num)s vote", "%(num)s votes"));
      li.classList.toggle("is-chosen", chosen.has(r.idea.id));
    },
  );
}

function renderUnsent() {
  show(el.unsent, unsent.length > 0);
  show(el.unsentHint, !ctx);
  el.unsentList.replaceChildren(
    ...unsent.map((entry, index) => {
      const remove = () => {
        unsent.splice(index, 1);
        saveUnsent();
        live.render();
      };
      const copy = h("button", { type: "button", class: "button button-small", text: t("copy", "Copy") });
      copy.addEventListener("click", async () => {
        const ok = await copyText(entry.text);
        setText(copy, ok ? t("copied", "Copied") : t("copy_failed", "Select and copy"));
      });
      const actions = [copy, h("button", { type: "button", class: "button button-small", text: t("dismiss", "Dismiss"), onclick: remove })];
      if (ctx) {
        actions.unshift(h("button", {
          type: "button", class: "button button-small", text: t("use", "Put back in the text box"),
          onclick: () => {
            el.text.value = joinTexts(el.text.value, entry.text);
            drafts[ctx] = el.text.value;
            saveDrafts();
            updateCounter();
            remove();
            el.text.focus();
          },
        }));
      }
      return h("li", { class: "unsent-item" },
        h("p", { class: "idea-text user-text", dir: "auto", text: entry.text }),
        entry.message ? h("p", { class: "form-error", text: entry.message }) : null,
        h("div", { class: "actions" }, actions));
    }),
  );
}

let noticePhase = null;

function render(liveState) {
  const store = liveState.store;
  const workshop = store.workshop;
  const phase = workshop.phase;
  const mine = new Set((store.me && store.me.idea_ids) || []);
  // Messages about a step end with it.
  if (document.body.dataset.phase && document.body.dataset.phase !== phase) showError(el.voteError, "");
  if (noticePhase && noticePhase !== phase) showError(el.notice, "");
  document.body.dataset.phase = phase;

  setText(el.phase, phaseName(phase));
  el.phase.dataset.phase = phase;
  const params = { days: workshop.commitment_days, date: formatDate(workshop.review_date) };
  setText(el.instruction, t(`instr_${phase}`, "", params));
  renderNamesLines(workshop);
  show($("#paused"), Boolean(workshop.flood_guard) && Boolean(allowed(workshop).post));
  if (!workshop.flood_guard && el.error.classList.contains("is-paused")) showError(el.error, "");
  for (const section of $$("[data-phases]")) show(section, section.dataset.phases.split(" ").includes(phase));

  // A text typed for a step (or a client idea) that is gone stays on screen, as "not sent".
  const gone = (key) =>
    phase === "transposition" && key.startsWith("c:")
      ? t("parent_gone", "That client idea is no longer available. Pick another one.")
      : t("step_changed", "The step changed before this was posted.");
  let moved = false;
  for (const [key, text] of Object.entries(drafts)) {
    if (key === ctx || ctxValid(store, key)) continue;
    if (text && text.trim()) unsent.push({ text: text.trim(), message: gone(key) });
    delete drafts[key];
    moved = true;
  }
  if (ctx && !ctxValid(store, ctx)) {
    if (el.text.value.trim()) unsent.push({ text: el.text.value.trim(), message: gone(ctx) });
    delete drafts[ctx];
    el.text.value = "";
    ctx = null;
    openComposer(null, { focus: false });
    moved = true;
  }
  // A report being typed when the reports closed: its comment stays on screen.
  if (!allowed(workshop).report && Object.keys(reportDrafts).length) {
    for (const draft of Object.values(reportDrafts)) {
      const comment = draft && typeof draft.comment === "string" ? draft.comment.trim() : "";
      if (comment) unsent.push({ text: comment, message: t("step_changed", "The step changed before this was posted.") });
    }
    reportDrafts = {};
    saveReportDrafts();
    moved = true;
  }
  if (moved) {
    saveDrafts();
    saveUnsent();
  }
  if (!ctx && phase === "client_ideas") openComposer("client", { focus: false });

  if (phase === "client_ideas") renderClientIdeas(store, mine);
  if (phase === "transposition") renderTransposition(store, mine);
  if (phase === "vote") renderVote(store, mine);
  if (["results", "review", "closed"].includes(phase)) renderResults(store);
  placeComposer();
  renderUnsent();
  renderTimer([el.timer], workshop, live.now());
}

const live = createLive(config, {
  render,
  onSent(item, ack) {
    const me = live.store && live.store.me;
    if (item.event === "idea.post" && me && ack.idea_id != null && !me.idea_ids.includes(ack.idea_id)) {
      me.idea_ids.push(ack.idea_id);
    }
    if (item.event === "vote.set" && me && Array.isArray(ack.votes)) me.votes = ack.votes;
    if (item.event === "report.save" && me && ack.report) {
      me.reports = { ...(me.reports || {}), [String(item.payload.idea_id)]: ack.report };
    }
    if (item.event === "email.set" && me) {
      me.email = ack.email || null;
      if (!live.outbox.pending("email.set").length) {
        setText(el.emailStatus, ack.email
          ? t("email_saved", "Saved. Reminders will go to %(email)s.", { email: ack.email })
          : t("email_removed", "No address kept: you will get no e-mails."));
      }
    }
    if (item.event === "idea.post" && !live.outbox.pending("idea.post").length) setText(el.status, t("sent", "Sent."));
  },
  onRefused(item, error) {
    if (item.event === "idea.post" && error.code === "workshop_flooded") {
      // The paused notice above says why; here, only what became of the text.
      const kept = t("flood_kept", "Not posted yet: your text stays here. Post it again once new ideas resume.");
      restore(item.meta.ctx, item.payload.text, kept, { paused: true });
    } else if (item.event === "idea.post") restore(item.meta.ctx, item.payload.text, error.message);
    else if (item.event === "report.save") {
      // Back into its form, with the reason; if the form is gone (closed), into "not sent".
      const { idea_id: id, tried, feeling, comment } = item.payload;
      if (live.store && allowed(live.store.workshop).report) {
        reportDrafts[id] = { tried, feeling, comment };
        saveReportDrafts();
        reportOpen.set(id, true);
        reportErrors.set(id, error.message);
      } else {
        if (comment) {
          unsent.push({ text: comment, message: error.message });
          saveUnsent();
        }
        noticePhase = live.store ? live.store.workshop.phase : null;
        showError(el.notice, error.message);
      }
    } else if (item.event === "email.set") {
      // Keep the refused address in view (unless another one is being typed), to fix it.
      if (!emailDirty) {
        el.email.value = item.payload.email;
        emailDirty = true;
      }
      showError(el.emailError, error.message);
    }
    // A ballot refused after the vote closed: say so wherever the person is.
    else if (item.event === "vote.set") {
      noticePhase = live.store ? live.store.workshop.phase : null;
      showError(noticePhase === "vote" ? el.voteError : el.notice, error.message);
    }
  },
});

wireCopyButtons();
updateCounter();
setInterval(() => live.store && renderTimer([el.timer], live.store.workshop, live.now()), 500);
