// Who the team serves, chosen from a list (templates/_ui.html serves_choice):
// a preset, or "Other…" which shows the two typed forms. Without this script
// the fields simply stay visible.
import { wireOtherChoice } from "./other-choice.js";

/** The choice as the server takes it: a preset's key or {singular, plural}. */
export function chosenServes(form) {
  if (form.serves.value !== "custom") return form.serves.value;
  return { singular: form.serves_singular.value.trim(), plural: form.serves_plural.value.trim() };
}

export function syncServesChoice(select, other) {
  const typing = select.value === "custom";
  other.hidden = !typing;
  for (const input of other.querySelectorAll("input")) {
    input.required = typing;
    if (!select.disabled) input.disabled = !typing;
  }
}

export function wireServesChoice(root = document) {
  wireOtherChoice("serves", "custom", syncServesChoice, root);
}

wireServesChoice();
