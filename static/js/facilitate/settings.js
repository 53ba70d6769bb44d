// The workshop's settings: title, team, language, date, the vote's shape
// and whether first names are shown.
import { $, setText, show, t } from "../dom.js";
import { act, ctx, say } from "./common.js";

const el = {
  settingsCard: $("#settings-card"),
  settings: $("#settings"),
  title: $("#workshop-title"),
};

let settingsDirty = false;
if (el.settings) {
  el.settings.addEventListener("input", () => (settingsDirty = true));
  el.settings.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!el.settings.reportValidity()) return;
    const form = el.settings.elements;
    const workshop = ctx.live.store.workshop;
    const values = {
      title: form.title.value.trim(),
      team: form.team.value.trim(),
      language: form.language.value,
      date: form.date.value,
      votes_per_person: Number(form.votes_per_person.value),
      commitment_days: Number(form.commitment_days.value),
      show_names: form.show_names.checked,
    };
    // Only what changed: some settings lock once the vote has started.
    const changed = Object.fromEntries(Object.entries(values).filter(([k, v]) => workshop[k] !== v));
    if (!Object.keys(changed).length) {
      settingsDirty = false;
      say(t("saved", "Saved."));
      return;
    }
    if (await act("workshop.update", { settings: changed }, t("saved", "Saved."))) settingsDirty = false;
  });
}

export function renderSettings(store) {
  if (!el.settings) return;
  const workshop = store.workshop;
  show(el.settingsCard, ["draft", "lobby"].includes(workshop.phase));
  if (el.title) setText(el.title, workshop.title);
  // Never overwrite what the facilitator is typing.
  if (settingsDirty || el.settings.contains(document.activeElement)) return;
  const form = el.settings.elements;
  form.title.value = workshop.title;
  form.team.value = workshop.team || "";
  form.language.value = workshop.language;
  form.date.value = workshop.date;
  form.votes_per_person.value = workshop.votes_per_person;
  form.commitment_days.value = workshop.commitment_days;
  form.show_names.checked = workshop.show_names;
}

