// The vote: each colleague idea a card to choose, up to the workshop's limit.
import { h, setText, show, syncList, t, tn } from "../dom.js";
import { authorsLine, mirror, originLine } from "../workshop.js";
import { app, el } from "./state.js";

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

// A choice refused (the limit reached, or the server said no): said on the
// card that was tapped, where the thumb is, and in the bar that stays in view.
let refusal = null; // { id, message } (id null: not about one card)

/** Forget a refusal: the step changed, or a choice went through. */
export function clearRefusal() {
  refusal = null;
}

/** The server refused the ballot (e.g. the vote just closed). */
export function refuseBallot(message) {
  refusal = { id: null, message };
  app.live.render();
}

function eligibleChoice(store) {
  const eligible = new Set(store.ideas.filter((i) => i.kind === "colleague").map((i) => i.id));
  return new Set(currentBallot(store).filter((x) => eligible.has(x)));
}

export function toggleChoice(id) {
  const store = app.live.store;
  const chosen = eligibleChoice(store);
  const limit = voteLimit(store);
  if (chosen.has(id)) chosen.delete(id);
  else if (chosen.size >= limit) {
    refusal = { id, message: t("limit_reached", "You have chosen %(limit)s already. Remove one first.", { limit }) };
    app.live.render();
    return;
  } else chosen.add(id);
  refusal = null;
  // The whole ballot each time: the server replaces the previous one.
  app.live.submit("vote.set", { idea_ids: [...chosen] }, {});
  app.live.render();
}

/** The bar: "1 of 2 chosen", then what is left, or that the commitments are saved, or why not. */
function renderBar(store, count, limit) {
  const waiting = app.live.outbox.pending("vote.set").length > 0;
  let note = "";
  let state = "";
  if (!limit) note = t("no_choices", "No colleague ideas to choose from yet.");
  else if (refusal) {
    note = refusal.message;
    state = "is-refused";
  } else if (count < limit) note = tn("choices_left", limit - count, "%(num)s choice left", "%(num)s choices left");
  else if (waiting) {
    note = app.live.socket.connected
      ? t("sending", "Waiting to be sent")
      : t("saved_offline", "Saved on this phone. It will be sent when the connection is back.");
  } else {
    note = tn("commitments_saved", limit, "Your commitment is saved. You can change it until the vote closes.",
      "Your %(num)s commitments are saved. You can change them until the vote closes.");
    state = "is-done";
  }
  setText(el.voteCount, limit ? tn("chosen_of", count, "%(num)s of %(limit)s chosen", "%(num)s of %(limit)s chosen", { limit }) : "");
  show(el.voteCount, Boolean(limit));
  setText(el.voteNote, note);
  el.voteBar.classList.toggle("is-done", state === "is-done");
  el.voteBar.classList.toggle("is-refused", state === "is-refused");
}

export function renderVote(store, mine) {
  const { pairs, free, carried } = mirror(store);
  // Carried over from an earlier workshop: there from the start, so first.
  const groups = carried.length ? [{ key: "carried", client: null, carried: true, ideas: carried }] : [];
  groups.push(...pairs
    .filter((p) => p.versions.length)
    .map((p) => ({ key: `g${p.client.id}`, client: p.client, ideas: p.versions })));
  if (free.length) groups.push({ key: "free", client: null, ideas: free });
  const chosen = eligibleChoice(store);
  const limit = voteLimit(store);
  renderBar(store, chosen.size, limit);
  let refusedNote = null;

  syncList(
    el.voteGroups,
    groups,
    (g) => g.key,
    (g) =>
      h("section", { class: "vote-group" },
        g.client
          ? h("p", { class: "vote-group-title" },
              h("span", { class: "vote-group-label", text: t("from_client", "From the %(person)s idea:") }), " ",
              h("span", { class: "user-text", dir: "auto" }))
          : h("p", { class: "vote-group-title" }, h("span", { class: "vote-group-label",
            text: g.carried ? t("carried_ideas", "From an earlier workshop") : t("free_ideas", "Free ideas") })),
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
              h("span", { class: "idea-meta" }),
              h("span", { class: "idea-origin", "data-testid": "idea-origin", hidden: true })));
          button.addEventListener("click", () => toggleChoice(idea.id));
          return h("div", { class: "choice-item" }, button,
            h("p", { class: "choice-refusal", id: `refusal-${idea.id}`, "data-testid": "choice-refusal", hidden: true }));
        },
        (item, idea) => {
          const button = item.querySelector(".choice");
          const on = chosen.has(idea.id);
          button.setAttribute("aria-pressed", String(on));
          setText(button.querySelector(".idea-text"), idea.text);
          const meta = [authorsLine(idea), mine.has(idea.id) ? t("mine", "mine") : ""].filter(Boolean).join(" · ");
          setText(button.querySelector(".idea-meta"), meta);
          const origin = button.querySelector(".idea-origin");
          setText(origin, originLine(idea.origin));
          show(origin, Boolean(idea.origin));
          const note = item.querySelector(".choice-refusal");
          const refused = Boolean(refusal && refusal.id === idea.id);
          setText(note, refused ? refusal.message : "");
          show(note, refused);
          if (refused) {
            button.setAttribute("aria-describedby", note.id);
            refusedNote = note;
          } else button.removeAttribute("aria-describedby");
        },
      );
    },
  );
  // Where the thumb is: the word under the tapped card, brought into view if it fell below the fold.
  if (refusedNote && !refusal.seen) {
    refusal.seen = true;
    refusedNote.scrollIntoView({ block: "nearest", behavior: "auto" });
  }
}
