// The vote: each colleague idea a card to choose, up to the workshop's limit.
import { h, setText, syncList, t, tn } from "../dom.js";
import { authorsLine, mirror } from "../workshop.js";
import { app, el, showError } from "./state.js";

/** The choice shown: the last ballot still waiting to be sent, else the server's. */
export function currentBallot(store) {
  const queued = app.live.outbox.pending("vote.set");
  if (queued.length) return queued[queued.length - 1].payload.idea_ids;
  return (store.me && store.me.votes) || [];
}

export function voteLimit(store) {
  const limit = store.votes && store.votes.limit;
  return typeof limit === "number" ? limit : store.workshop.votes_per_person;
}

export function toggleChoice(id) {
  const store = app.live.store;
  const eligible = new Set(store.ideas.filter((i) => i.kind === "colleague").map((i) => i.id));
  const chosen = new Set(currentBallot(store).filter((x) => eligible.has(x)));
  const limit = voteLimit(store);
  if (chosen.has(id)) chosen.delete(id);
  else if (chosen.size >= limit) {
    showError(el.voteError, t("limit_reached", "You have chosen %(limit)s already. Remove one first.", { limit }));
    return;
  } else chosen.add(id);
  showError(el.voteError, "");
  // The whole ballot each time: the server replaces the previous one.
  app.live.submit("vote.set", { idea_ids: [...chosen] }, {});
  app.live.render();
}

export function renderVote(store, mine) {
  const { pairs, free } = mirror(store);
  const groups = pairs
    .filter((p) => p.versions.length)
    .map((p) => ({ key: `g${p.client.id}`, client: p.client, ideas: p.versions }));
  if (free.length) groups.push({ key: "free", client: null, ideas: free });
  const chosen = new Set(currentBallot(store));
  const limit = voteLimit(store);
  const left = Math.max(0, limit - chosen.size);
  let status;
  if (!limit) status = t("no_choices", "No colleague ideas to choose from yet.");
  else if (left) status = tn("choices_left", left, "%(num)s choice left", "%(num)s choices left");
  else status = t("choices_done", "All set. You can change your choice until the vote closes.");
  setText(el.choicesLeft, status);
  el.choicesLeft.classList.toggle("is-done", Boolean(limit) && !left);

  syncList(
    el.voteGroups,
    groups,
    (g) => g.key,
    (g) =>
      h("section", { class: "vote-group" },
        g.client
          ? h("p", { class: "vote-group-title" },
              h("span", { class: "vote-group-label", text: t("from_client", "From the client idea:") }), " ",
              h("span", { class: "user-text", dir: "auto" }))
          : h("p", { class: "vote-group-title" }, h("span", { class: "vote-group-label", text: t("free_ideas", "Free ideas") })),
        h("div", { class: "choices" })),
    (section, g) => {
      if (g.client) setText(section.querySelector(".vote-group-title .user-text"), g.client.text);
      syncList(
        section.querySelector(".choices"),
        g.ideas,
        (idea) => idea.id,
        (idea) => {
          const button = h("button", { type: "button", class: "choice", "data-testid": "idea", "aria-pressed": "false" },
            h("span", { class: "choice-mark", "aria-hidden": "true" }),
            h("span", { class: "choice-body" },
              h("span", { class: "idea-text user-text", dir: "auto" }),
              h("span", { class: "idea-meta" })));
          button.addEventListener("click", () => toggleChoice(idea.id));
          return button;
        },
        (button, idea) => {
          const on = chosen.has(idea.id);
          button.setAttribute("aria-pressed", String(on));
          setText(button.querySelector(".idea-text"), idea.text);
          const meta = [authorsLine(idea), mine.has(idea.id) ? t("mine", "mine") : ""].filter(Boolean).join(" · ");
          setText(button.querySelector(".idea-meta"), meta);
        },
      );
    },
  );
}
