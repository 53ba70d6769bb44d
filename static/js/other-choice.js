// A list with an "other" entry that shows fields of its own (the team,
// who the team serves): each field marked `data-<name>-choice` holds the
// select, and the element right after it, marked `data-<name>-other`, the
// fields the "other" entry reveals. Without this script they stay visible.

/** Wire every such list of `name`: `sync(select, other)` shows or hides the
 * fields, `otherValue` is the entry that reveals them. */
export function wireOtherChoice(name, otherValue, sync, root = document) {
  for (const field of root.querySelectorAll(`[data-${name}-choice]`)) {
    const select = field.querySelector("select");
    const other = field.nextElementSibling;
    if (!select || !other || !other.matches(`[data-${name}-other]`)) continue;
    select.addEventListener("change", () => {
      sync(select, other);
      if (select.value === otherValue) other.querySelector("input").focus();
    });
    sync(select, other);
  }
}
