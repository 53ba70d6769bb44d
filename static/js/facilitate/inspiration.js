// At the transposition: put the ideas other teams kept (the organisation's
// library) on the screen as inspiration, or take them off. Off by default.
import { $, setText, show, t } from "../dom.js";
import { act, ctx } from "./common.js";

const button = $("#inspiration-toggle");

if (button) {
  button.addEventListener("click", () => {
    const inspiration = ctx.live.store.inspiration;
    const shown = !(inspiration && inspiration.shown);
    act("inspiration.show", { shown },
      shown
        ? t("insp_shown", "The screen shows ideas other teams kept, from the library.")
        : t("insp_hidden", "Ideas other teams kept are off the screen."));
  });
}

export function renderInspirationToggle(store) {
  if (!button) return;
  const shown = Boolean(store.inspiration && store.inspiration.shown);
  show(button, store.workshop.phase === "transposition");
  button.setAttribute("aria-pressed", String(shown));
  setText(button, shown
    ? t("insp_hide", "Take ideas other teams kept off the screen")
    : t("insp_show", "Show ideas other teams kept"));
}
