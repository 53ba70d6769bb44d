// A workshop's team chosen from a list (templates/_teams.html team_choice):
// the teams the account leads, "No team", or "Another team…" which shows a
// text field. Without this script the field simply stays visible.
import { wireOtherChoice } from "./other-choice.js";

export function chosenTeam(select, input) {
  // The team as a name, as the server takes it (it maps names to teams).
  if (select.value === "other") return input.value.trim();
  if (select.value === "") return "";
  return select.selectedOptions[0].textContent.trim();
}

export function syncTeamChoice(select, other) {
  const typing = select.value === "other";
  other.hidden = !typing;
  // A hidden field is not posted: only the chosen team counts.
  other.querySelector("input").disabled = !typing;
}

export function wireTeamChoice(root = document) {
  wireOtherChoice("team", "other", syncTeamChoice, root);
}

wireTeamChoice();
