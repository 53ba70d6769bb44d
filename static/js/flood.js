// The flood guard on the facilitator's pages (atelier/flood_guard.py): while
// the room's ideas or joins came faster than people can produce them, new
// ones wait; this shows why and since when, and resumes them (`flood.lift`).
import { $, lang, setText, show, t } from "./dom.js";

function clockTime(iso) {
  const moment = new Date(iso);
  if (Number.isNaN(moment.getTime())) return "";
  try {
    return new Intl.DateTimeFormat(lang, { hour: "numeric", minute: "2-digit" }).format(moment);
  } catch {
    return moment.toLocaleTimeString();
  }
}

/** `act(event, payload, done)` sends a facilitator action and says how it went. */
export function wireFloodGuard(act) {
  const button = $("#flood-lift");
  if (!button) return;
  button.addEventListener("click", async () => {
    button.disabled = true;
    await act("flood.lift", {}, t("flood_lifted", "Ideas and joins resumed."));
    button.disabled = false;
  });
}

export function renderFloodGuard(workshop) {
  const box = $("#flood-guard");
  if (!box) return;
  const guard = workshop.flood_guard;
  const on = Boolean(guard) && workshop.phase !== "closed";
  show(box, on);
  if (!on) return;
  for (const why of box.querySelectorAll("[data-reason]")) show(why, why.dataset.reason === guard.reason);
  setText(box.querySelector(".flood-since"), t("flood_since", "Paused since %(time)s.", { time: clockTime(guard.since) }));
}
