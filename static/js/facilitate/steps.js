// The steps (next, back, closing after a confirmation) and the timer.
import { $, $$, setText, show, t } from "../dom.js";
import { PHASES, nextPhase, phaseName, previousPhase, renderTimer } from "../workshop.js";
import { act, ctx } from "./common.js";

const el = {
  phase: $("#phase"),
  stepper: $("#stepper"),
  prev: $("#step-prev"),
  next: $("#step-next"),
  timer: $("#timer"),
  timerStop: $("#timer-stop"),
  closeDialog: $("#close-dialog"),
};

for (const button of [el.prev, el.next].filter(Boolean)) {
  button.addEventListener("click", () => {
    if (!ctx.live.store) return;
    const workshop = ctx.live.store.workshop;
    const target = button === el.next ? nextPhase(workshop) : previousPhase(workshop);
    if (target === "closed") el.closeDialog.showModal(); // final: asked once more
    else if (target) act("phase.set", { phase: target });
  });
}

if (el.closeDialog) {
  $("#close-cancel").addEventListener("click", () => el.closeDialog.close());
  $("#close-confirm").addEventListener("click", async () => {
    el.closeDialog.close();
    await act("phase.set", { phase: "closed" });
    $("#main").focus(); // the step buttons are gone: keep the focus in the page
  });
}

for (const button of $$(".timer-preset")) {
  button.addEventListener("click", () =>
    act("timer.start", { seconds: Number(button.dataset.seconds) }, t("timer_started", "Timer started.")));
}
if (el.timerStop) el.timerStop.addEventListener("click", () => act("timer.stop", {}, t("timer_stopped", "Timer stopped.")));

export function renderSteps(store) {
  const workshop = store.workshop;
  const phase = workshop.phase;
  setText(el.phase, phaseName(phase));
  el.phase.dataset.phase = phase;
  if (el.stepper) {
    for (const li of el.stepper.children) {
      if (li.dataset.step === phase) li.setAttribute("aria-current", "step");
      else li.removeAttribute("aria-current");
      li.classList.toggle("is-done", PHASES.indexOf(li.dataset.step) < PHASES.indexOf(phase));
    }
  }
  const prev = previousPhase(workshop);
  const next = nextPhase(workshop);
  el.prev.disabled = !prev;
  el.next.disabled = !next;
  show(el.prev, phase !== "closed");
  show(el.next, phase !== "closed");
  // At the review the walk through the ideas is the main thing; closing stays quieter.
  el.next.classList.toggle("button-danger-outline", next === "closed");
  el.next.classList.toggle("button-primary", next !== "closed");
  setText(el.prev.querySelector(".step-label"),
    prev ? t("back_to", "Back to: %(step)s", { step: phaseName(prev) }) : t("previous_step", "Previous step"));
  let nextLabel = t("next_step", "Next step");
  if (next === "closed") nextLabel = t("close_workshop", "Close the workshop…");
  else if (next === "review") nextLabel = t("open_review", "Open the review");
  else if (next) nextLabel = t("next_to", "Next: %(step)s", { step: phaseName(next) });
  setText(el.next.querySelector(".step-label"), nextLabel);
}


export function renderTimers(store) {
  renderTimer([el.timer], store.workshop, ctx.live.now());
  if (el.timerStop) el.timerStop.disabled = !store.workshop.timer;
}

/** The timer counts down between changes too. */
export function tickTimers() {
  if (ctx.live && ctx.live.store) renderTimer([el.timer], ctx.live.store.workshop, ctx.live.now());
}
