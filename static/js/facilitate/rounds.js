// A longer experiment: at the review, the facilitator extends some ideas to
// a further review round on a new date (docs/realtime-api.md, review.extend).
import { $, formatDate, h, setText, show, syncList, t } from "../dom.js";
import { allowed, reviewItems } from "../workshop.js";
import { act, ctx, showError } from "./common.js";

const el = {
  card: $("#extend-card"),
  form: $("#extend-form"),
  ideas: $("#extend-ideas"),
  date: $("#extend-date"),
  error: $("#extend-error"),
};

/** `iso` plus `days`, as YYYY-MM-DD (dates, not times: no time zone to get wrong). */
function addDays(iso, days) {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Today on this device, as the workshop's dates are written (YYYY-MM-DD). */
function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

if (el.form) {
  el.form.addEventListener("input", () => {
    el.form.dataset.dirty = "1";
    showError(el.error, "");
  });
  el.form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const ids = [...el.ideas.querySelectorAll("input:checked")].map((input) => Number(input.value));
    if (!ids.length) {
      showError(el.error, t("extend_pick", "Choose at least one idea to extend."));
      return;
    }
    if (!el.form.reportValidity()) return;
    const date = el.date.value;
    const next = ((ctx.live.store && ctx.live.store.workshop.review_round) || 1) + 1;
    const done = t("extend_started", "Round %(num)s starts: its review is on %(date)s.", { num: next, date: formatDate(date) });
    if (await act("review.extend", { idea_ids: ids, date }, done)) delete el.form.dataset.dirty;
  });
}

function createOption(item) {
  return h("label", { class: "option" },
    h("input", { type: "checkbox", name: "idea", value: String(item.idea_id) }),
    h("span", { class: "option-face user-text", dir: "auto" }));
}

export function renderExtend(store) {
  if (!el.card) return;
  const workshop = store.workshop;
  const on = Boolean(allowed(workshop).extend);
  show(el.card, on);
  if (!on) return;
  const dirty = Boolean(el.form.dataset.dirty);
  syncList(el.ideas, reviewItems(store), (item) => String(item.idea_id), createOption, (label, item) => {
    setText(label.querySelector(".option-face"), item.idea.text);
    // What the group decided to extend comes ticked, until the facilitator changes it.
    if (!dirty) label.querySelector("input").checked = Boolean(item.decision && item.decision.choice === "extend");
  });
  // A review held late counts from today: a date already gone would send no
  // summary and no reminder.
  const from = workshop.review_date > today() ? workshop.review_date : today();
  el.date.min = addDays(from, 1);
  if (!dirty && document.activeElement !== el.date) el.date.value = addDays(from, workshop.commitment_days);
}
