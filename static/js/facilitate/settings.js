// The workshop's settings: title, team, language, date, the vote's shape
// and whether first names are shown. As the home page promises, they can
// change until the vote starts: open in the lobby, folded while ideas come
// in; then the two that shape the vote lock (the server's rule,
// atelier/domain/settings.py), the rest stays editable until closed.
import { $, setText, show, t } from "../dom.js";
import { act, ctx, say } from "./common.js";
import { chosenTeam, syncTeamChoice } from "../team-choice.js";
import { chosenServes, syncServesChoice } from "../serves-choice.js";

const el = {
  settingsCard: $("#settings-card"),
  settings: $("#settings"),
  state: $("#settings-state"),
};
const VOTE_SHAPING = ["votes_per_person", "commitment_days"];
const BEFORE_VOTE = ["draft", "lobby", "client_ideas", "transposition"];
let shownPhase = null;

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
      // From the list of the account's teams when there is one (sent as a name).
      team: form.team_choice ? chosenTeam(form.team_choice, form.team) : form.team.value.trim(),
      language: form.language.value,
      date: form.date.value,
      votes_per_person: Number(form.votes_per_person.value),
      commitment_days: Number(form.commitment_days.value),
      show_names: form.show_names.checked,
      barometer: form.barometer.checked,
      in_library: form.in_library.checked,
      serves: chosenServes(form),
    };
    // Only what changed: some settings lock once the vote has started.
    const same = (k, v) => (k === "serves" ? sameServes(workshop.serves, v) : workshop[k] === v);
    const changed = Object.fromEntries(Object.entries(values).filter(([k, v]) => !same(k, v)));
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
  const phase = workshop.phase;
  show(el.settingsCard, phase !== "closed");
  // Open while getting ready; folded from the ideas on (the facilitator may unfold it).
  if (phase !== shownPhase) el.settingsCard.open = ["draft", "lobby"].includes(phase);
  shownPhase = phase;
  // Locked once the vote opens, or once someone chose (after going back a step).
  const locked = !BEFORE_VOTE.includes(phase) || Boolean(store.votes && store.votes.voters);
  el.settingsCard.classList.toggle("is-locked", locked);
  for (const name of VOTE_SHAPING) el.settings.elements[name].disabled = locked;
  // Offered to people as they join: switched before the workshop opens only.
  el.settings.elements.barometer.disabled = phase !== "draft";
  // Who the team serves: until the client ideas start (and none is written).
  // (Ideas carried over from an earlier workshop are colleague ideas: they do not count.)
  const servesOpen = ["draft", "lobby"].includes(phase) && !store.ideas.some((i) => i.kind === "client");
  for (const name of ["serves", "serves_singular", "serves_plural"]) el.settings.elements[name].disabled = !servesOpen;
  setText(el.state, locked
    ? t("settings_locked", "The vote has started: the commitments per person and the days before the review can no longer change.")
    : t("settings_open", "You can change these settings until the vote starts."));
  // Never overwrite what the facilitator is typing.
  if (settingsDirty || el.settings.contains(document.activeElement)) return;
  const form = el.settings.elements;
  form.title.value = workshop.title;
  if (form.team_choice) showTeam(form.team_choice, form.team, workshop.team || "");
  else form.team.value = workshop.team || "";
  form.language.value = workshop.language;
  form.date.value = workshop.date;
  form.votes_per_person.value = workshop.votes_per_person;
  form.commitment_days.value = workshop.commitment_days;
  form.show_names.checked = workshop.show_names;
  form.barometer.checked = workshop.barometer;
  form.in_library.checked = workshop.in_library;
  form.serves.value = workshop.serves.key;
  form.serves_singular.value = workshop.serves.singular;
  form.serves_plural.value = workshop.serves.plural;
  syncServesChoice(form.serves, form.serves.closest("[data-serves-choice]").nextElementSibling);
}

function sameServes(current, chosen) {
  if (typeof chosen === "string") return current.key === chosen;
  return current.key === "custom" && current.singular === chosen.singular && current.plural === chosen.plural;
}


// The list shows the workshop's team when the account leads it, "Another
// team…" with the name typed otherwise (names match as on the server:
// whatever the case, accents and spacing).
const teamKey = (name) =>
  name.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().split(/\s+/).filter(Boolean).join(" ");

function showTeam(select, input, team) {
  const key = teamKey(team);
  const option = [...select.options].find(
    (o) => o.value !== "" && o.value !== "other" && teamKey(o.textContent) === key,
  );
  select.value = !key ? "" : option ? option.value : "other";
  input.value = select.value === "other" ? team : "";
  syncTeamChoice(select, input.closest("[data-team-other]"));
}
