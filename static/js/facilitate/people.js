// Who is in: the first names of the people who joined.
import { $, h, setText, syncList, t } from "../dom.js";

const el = {
  participants: $("#participants"),
  participantCount: $("#participant-count"),
};

export function renderPeople(store) {
  if (!el.participants) return;
  setText(el.participantCount, `(${store.participants.length})`);
  syncList(el.participants, store.participants, (p) => p.id,
    () => h("li", { class: "person user-text", dir: "auto" }),
    (li, p) => setText(li, p.name));
  if (!store.participants.length) {
    el.participants.replaceChildren(h("li", { class: "empty", text: t("nobody_yet", "Nobody has joined yet.") }));
  }
}

