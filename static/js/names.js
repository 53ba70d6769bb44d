// Whether a participant's first name will be shown with what they write or
// choose. It is decided when they write it (atelier/domain/anonymity.py):
// with names hidden it stays anonymous for good, so the phone says which
// before they write, and keeps saying it as the facilitator changes it.
import { $$, setText, t } from "./dom.js";

const LINES = {
  write: {
    shown: () => t("write_names_shown", "Your first name will be shown with what you write, to the group and in the report."),
    hidden: () => t("write_names_hidden", "Your first name will not be shown with what you write, neither to the group nor in the report, even if names are shown later."),
  },
  vote: {
    shown: () => t("vote_names_shown", "Your first name will be shown with your commitments in the report."),
    hidden: () => t("vote_names_hidden", "Your commitments are counted without your first name, also in the report, even if names are shown later."),
  },
};

/** Every `[data-names-line]` of the page, for the workshop's current setting. */
export function renderNamesLines(workshop) {
  const shown = Boolean(workshop && workshop.show_names);
  for (const el of $$("[data-names-line]")) {
    const lines = LINES[el.dataset.namesLine] || LINES.write;
    setText(el, (shown ? lines.shown : lines.hidden)());
    el.classList.toggle("is-anonymous", !shown);
  }
}

/** The hint under a report's comment: a report once written anonymously stays so. */
export function commentHint(workshop, saved) {
  const named = Boolean(workshop.show_names) && !(saved && saved.anonymous);
  return named
    ? t("comment_named", "Shown to the group at the review and in the report, with your first name.")
    : t("comment_anonymous", "Shown to the group at the review and in the report, without your name.");
}
