// The vote: how many have chosen, revealing the tallies on the screen; on
// the remote, the counts (people, ideas, who has chosen or answered).
import { $, setText, show, t } from "../dom.js";
import { PHASES, reviewItems } from "../workshop.js";
import { act, ctx } from "./common.js";

const el = {
  reveal: $("#reveal"),
  voteCard: $("#vote-card"),
  voteProgress: $("#vote-progress"),
  countPeople: $("#count-people"),
  countIdeas: $("#count-ideas"),
  countVoters: $("#count-voters"),
};

if (el.reveal) {
  el.reveal.addEventListener("click", () => {
    const revealed = !ctx.live.store.workshop.tallies_revealed;
    act("tallies.reveal", { revealed },
      revealed ? t("tallies_shown", "Tallies shown on the screen.") : t("tallies_hidden", "Tallies hidden from the screen."));
  });
}

export function renderVoteControls(store) {
  const { workshop, votes, participants } = store;
  const inVote = ["vote", "results"].includes(workshop.phase);
  show(el.voteCard, inVote);
  if (el.reveal) {
    show(el.reveal, workshop.phase === "vote");
    el.reveal.setAttribute("aria-pressed", String(workshop.tallies_revealed));
    setText(el.reveal, workshop.tallies_revealed ? t("hide_tallies", "Hide tallies") : t("reveal", "Reveal tallies"));
  }
  if (el.voteProgress) {
    setText(el.voteProgress, t("have_chosen", "%(done)s of %(total)s have chosen",
      { done: votes.complete || 0, total: participants.length }));
  }
}

export function renderCounts(store) {
  if (!el.countPeople) return;
  setText(el.countPeople, String(store.participants.length));
  setText(el.countIdeas, String(store.ideas.filter((i) => !i.hidden).length));
  // From the results on, what counts is who told how their commitments went.
  const reporting = PHASES.indexOf(store.workshop.phase) >= PHASES.indexOf("results") && store.review;
  if (reporting) {
    const items = reviewItems(store);
    const answers = items.reduce((n, item) => n + item.reports, 0);
    const promised = items.reduce((n, item) => n + item.committed, 0);
    setText($("#count-voters-label"), t("count_answers", "Answers"));
    setText(el.countVoters, `${answers} / ${promised}`);
  } else {
    setText($("#count-voters-label"), t("count_chosen", "Have chosen"));
    setText(el.countVoters, `${store.votes.complete || 0} / ${store.participants.length}`);
  }
}

