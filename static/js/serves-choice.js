// Who the team serves, chosen from a list (templates/_ui.html serves_choice):
// a preset, or "Other…" which shows the two typed forms. Without this script
// the fields simply stay visible.

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
  for (const field of root.querySelectorAll("[data-serves-choice]")) {
    const select = field.querySelector("select");
    const other = field.nextElementSibling;
    if (!select || !other || !other.matches("[data-serves-other]")) continue;
    select.addEventListener("change", () => {
      syncServesChoice(select, other);
      if (select.value === "custom") other.querySelector("input").focus();
    });
    syncServesChoice(select, other);
  }
}

wireServesChoice();
