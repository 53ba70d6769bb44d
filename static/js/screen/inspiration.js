// Ideas other teams kept, from the organisation's library, above the
// transposition's mirror while the facilitator shows them
// (docs/realtime-api.md "The library's inspiration"). A band of a few
// lines, each one idea and its figures: never a name.
import { h, lang, setText, show, syncList, t, tn } from "../dom.js";

// A band, not a page: the mirror keeps the screen's room.
const SHOWN = 3;
const decimal = new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

function figures(idea) {
  const parts = [tn("insp_people", idea.people, "%(num)s person tried it", "%(num)s people tried it")];
  if (idea.teams > 1) parts.push(tn("insp_teams", idea.teams, "%(num)s team", "%(num)s teams"));
  if (idea.feeling != null) parts.push(t("insp_feeling", "%(value)s / 5", { value: decimal.format(idea.feeling) }));
  return parts.join(" · ");
}

/** Draw the band at the transposition; returns whether it shows. */
export function renderInspiration(box, store) {
  const inspiration = store.inspiration;
  const on = store.workshop.phase === "transposition" && Boolean(inspiration && inspiration.shown);
  show(box, on);
  if (!on) return false;
  const ideas = inspiration.ideas.slice(0, SHOWN);
  setText(box.querySelector(".insp-lead"), ideas.length
    ? t("insp_lead", "Ideas other teams kept:")
    : t("insp_none", "No other team has kept an idea yet: yours may be the first."));
  syncList(box.querySelector(".insp-list"), ideas, (idea) => idea.text,
    () => h("li", { class: "insp-item", "data-testid": "inspiration-idea" },
      h("span", { class: "insp-text user-text", dir: "auto" }),
      h("span", { class: "insp-figures" })),
    (li, idea) => {
      setText(li.querySelector(".insp-text"), idea.text);
      setText(li.querySelector(".insp-figures"), figures(idea));
    });
  return true;
}
