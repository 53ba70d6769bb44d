// From the results until closing: the person's commitments and their reports,
// what the group decided next, an address for reminders, and the ranking.
import { fromTemplate, formatDate, h, setText, show, storage, syncList, t, tn } from "../dom.js";
import { commentHint } from "../names.js";
import { allowed, decisionLine, nextStepName, ranking, triedSummary } from "../workshop.js";
import { keepUnsent } from "./composer.js";
import { app, codePoints, config, el, MAX_COMMENT, showError } from "./state.js";

// What the person is typing in a report, per idea id, kept on the phone.
const reportDraftsKey = `atelier:${config.code}:reports`;
let reportDrafts = storage.get(reportDraftsKey, {}) || {};
const saveReportDrafts = () => storage.set(reportDraftsKey, reportDrafts);
const reportOpen = new Map(); // idea id → form opened (true) or closed (false) by the person
const reportErrors = new Map(); // idea id → the server's refusal, shown in the form

/** The last report waiting to be sent for an idea, if any. */
function pendingReport(id) {
  const queued = app.live.outbox.pending("report.save").filter((item) => item.payload.idea_id === id);
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
  app.live.render();
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
    app.live.submit("report.save", { idea_id: id, tried: values.tried, feeling: values.feeling, comment }, {});
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
  const round = store.workshop.review_round || 1;
  // A later round reviews the ideas the group extended, no other.
  const extended = round > 1 ? new Set(store.workshop.round_ideas) : null;
  const votes = (store.me && store.me.votes) || [];
  const ideas = votes.filter((id) => !extended || extended.has(id)).map((id) => byId.get(id)).filter(Boolean);
  const phase = store.workshop.phase;
  const intro = round > 1 && phase === "results"
    ? t("report_intro_round", "The group extended these ideas: try them again until the review of round %(num)s. Your report starts afresh; the first one is kept.", { num: round }) : t(`report_intro_${phase}`, "");
  setText(el.reportIntro, ideas.length ? intro : "");
  show(el.reportIntro, Boolean(ideas.length));
  if (!ideas.length) {
    const none = extended && votes.length
      ? t("no_extended_commitments", "None of your commitments was extended to this round: nothing to report this time.")
      : t("no_commitments", "You did not choose any idea.");
    el.commitments.replaceChildren(h("li", { class: "empty", text: none }));
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
    app.live.submit("email.set", { email }, {});
    emailDirty = false;
    showError(el.emailError, "");
    setText(el.emailStatus, app.live.socket.connected ? "" : t("saved_offline", "Saved on this phone. It will be sent when the connection is back."));
  });
}

function renderEmail(store) {
  if (!el.emailForm || emailDirty || document.activeElement === el.email) return;
  const queued = app.live.outbox.pending("email.set");
  const value = queued.length ? queued[queued.length - 1].payload.email : (store.me && store.me.email) || "";
  if (el.email.value !== value) el.email.value = value;
}

export function renderResults(store) {
  renderCommitments(store);
  renderOutcome(store);
  renderEmail(store);
  const votes = (store.me && store.me.votes) || [];
  const round = store.workshop.review_round || 1;
  const date = formatDate(store.workshop.review_date);
  setText(el.reviewDate, round > 1
    ? t("review_round_on", "Round %(num)s review on %(date)s", { num: round, date })
    : t("review_on", "Review on %(date)s", { date }));
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

/** Reports closed while one was being typed: its comment stays on screen, as "not sent". */
export function settleReportDrafts(workshop) {
  if (allowed(workshop).report || !Object.keys(reportDrafts).length) return;
  for (const draft of Object.values(reportDrafts)) {
    const comment = draft && typeof draft.comment === "string" ? draft.comment.trim() : "";
    if (comment) keepUnsent({ text: comment, message: t("step_changed", "The step changed before this was posted.") });
  }
  reportDrafts = {};
  saveReportDrafts();
}

export function onReviewSent(item, ack) {
  const me = app.live.store && app.live.store.me;
  if (item.event === "report.save" && me && ack.report) {
    me.reports = { ...(me.reports || {}), [String(item.payload.idea_id)]: ack.report };
  }
  if (item.event === "email.set" && me) {
    me.email = ack.email || null;
    if (!app.live.outbox.pending("email.set").length) {
      setText(el.emailStatus, ack.email
        ? t("email_saved", "Saved. Reminders will go to %(email)s.", { email: ack.email })
        : t("email_removed", "No address kept: you will get no e-mails."));
    }
  }
}

/** A report or an address refused; `notice(message)` says it at the top of the page. */
export function onReviewRefused(item, error, notice) {
  if (item.event === "report.save") {
    // Back into its form, with the reason; if the form is gone (closed), into "not sent".
    const { idea_id: id, tried, feeling, comment } = item.payload;
    if (app.live.store && allowed(app.live.store.workshop).report) {
      reportDrafts[id] = { tried, feeling, comment };
      saveReportDrafts();
      reportOpen.set(id, true);
      reportErrors.set(id, error.message);
    } else {
      if (comment) keepUnsent({ text: comment, message: error.message });
      notice(error.message);
    }
  } else if (item.event === "email.set") {
    // Keep the refused address in view (unless another one is being typed), to fix it.
    if (!emailDirty) {
      el.email.value = item.payload.email;
      emailDirty = true;
    }
    showError(el.emailError, error.message);
  }
}
