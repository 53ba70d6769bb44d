// After the review: the workshop's next step and its lessons learned.
import { $, setText, show, t } from "../dom.js";
import { allowed, nextStepName } from "../workshop.js";
import { act, codePoints, maxOf, showError } from "./common.js";

const el = {
  outcomeCard: $("#outcome-card"),
  outcomeForm: $("#outcome-form"),
  outcomeError: $("#outcome-error"),
  outcomeRead: $("#outcome-read"),
  lessonsCount: $("#lessons-count"),
};

// The workshop's next step, as the method names them, and lessons learned.
function countLessons() {
  const lessons = el.outcomeForm.elements.lessons;
  const n = codePoints(lessons.value.trim());
  const limit = maxOf(lessons, 2000);
  setText(el.lessonsCount, `${n} / ${limit}`);
  el.lessonsCount.classList.toggle("is-over", n > limit);
}

if (el.outcomeForm) {
  const form = el.outcomeForm;
  const lessons = form.elements.lessons;
  form.addEventListener("input", () => {
    form.dataset.dirty = "1";
    showError(el.outcomeError, "");
    countLessons();
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const checked = form.querySelector("input[name=next_step]:checked");
    const nextStep = checked && checked.value ? checked.value : null;
    const note = form.elements.note.value.trim();
    const text = lessons.value.trim();
    if (nextStep === "other" && !note) {
      showError(el.outcomeError, t("note_needed", "Say in the note what “other” means."));
      form.elements.note.focus();
      return;
    }
    for (const [value, input, fallback] of [[note, form.elements.note, 500], [text, lessons, 2000]]) {
      const limit = maxOf(input, fallback);
      if (codePoints(value) > limit) {
        showError(el.outcomeError, t("text_too_long", "Text too long: %(limit)s characters at most.", { limit }));
        input.focus();
        return;
      }
    }
    if (await act("review.outcome", { next_step: nextStep, note, lessons: text }, t("saved", "Saved."))) {
      delete form.dataset.dirty;
    }
  });
  countLessons();
}

export function renderOutcome(store) {
  if (!el.outcomeCard) return;
  const workshop = store.workshop;
  const can = Boolean(allowed(workshop).decide);
  const closed = workshop.phase === "closed";
  // A longer experiment waits for its next round: what was decided shows, and
  // "start a workshop from these ideas" stays at hand.
  const waiting = workshop.phase === "results" && (workshop.review_round || 1) > 1;
  show(el.outcomeCard, can || closed || waiting);
  show(el.outcomeForm, can);
  show(el.outcomeRead, closed || waiting);
  if (closed || waiting) {
    const next = [workshop.next_step ? nextStepName(workshop.next_step) : t("not_decided", "Not decided"), workshop.next_step_note]
      .filter(Boolean).join(" — ");
    setText($("#outcome-read-next"), next);
    setText($("#outcome-read-lessons"), workshop.lessons || "–");
  }
  renderStartFrom(store);
  const form = el.outcomeForm;
  if (!can || form.dataset.dirty || form.contains(document.activeElement)) return;
  for (const input of form.querySelectorAll("input[name=next_step]")) input.checked = input.value === (workshop.next_step || "");
  form.elements.note.value = workshop.next_step_note || "";
  form.elements.lessons.value = workshop.lessons || "";
  countLessons();
}


/** "Start a workshop from these ideas", put forward when the group chose a new group or to spread an idea. */
function renderStartFrom(store) {
  const link = $("#start-from-link");
  if (!link) return;
  const suggested = store.workshop.next_step === "new_group"
    || (store.review || []).some((item) => item.decision && item.decision.choice === "spread");
  link.classList.toggle("button-primary", suggested);
  show($("#start-from-hint"), suggested);
}
