// Coming back without one's link, the facilitator's side (atelier/domain/claims.py,
// templates/_claims_card.html): phones asking to be someone, confirmed or refused
// with one tap (`claim.answer`); and any participant's personal link as a QR code
// on this device. Requests arrive outside the versioned changes: in the snapshot
// (`state.claims`) and by the `claims` event, each time the whole list.
import { $, fromTemplate, h, setText, show, syncList, t } from "./dom.js";

let claims = [];
let liveRef = null;

function waiting() {
  const now = liveRef ? liveRef.now() : Date.now();
  return claims.filter((c) => c.status === "pending" && Date.parse(c.expires_at) > now);
}

function renderRequests() {
  const list = $("#claims-list");
  if (!list) return;
  const open = waiting();
  const asked = new Map();
  for (const c of open) asked.set(c.participant_id, (asked.get(c.participant_id) || 0) + 1);
  syncList(list, open, (c) => c.id,
    (c) => {
      const row = fromTemplate("claim-template", c.id);
      row.dataset.claimId = String(c.id);
      return row;
    },
    (row, c) => {
      setText(row.querySelector(".claim-name"), c.name);
      setText(row.querySelector(".claim-number"), String(c.number));
      // Someone may claim a person who is not here yet: say it when two phones do.
      show(row.querySelector(".claim-twice"), asked.get(c.participant_id) > 1);
      // Who each button answers for, for a screen reader that lands on it.
      for (const button of row.querySelectorAll("[data-answer]")) {
        const label = button.dataset.answer === "yes"
          ? t("claim_confirm_label", "Confirm: this phone is %(name)s (number %(number)s)", { name: c.name, number: c.number })
          : t("claim_refuse_label", "Refuse: this phone is not %(name)s (number %(number)s)", { name: c.name, number: c.number });
        button.setAttribute("aria-label", label);
      }
    });
  show($("#claims-requests"), open.length > 0);
  show($("#claims-none"), open.length === 0);
  setText($("#claims-count"), open.length ? `(${open.length})` : "");
  const card = $("#claims-card");
  if (card) card.classList.toggle("has-requests", open.length > 0);
}

function renderPeople() {
  const list = $("#return-link-list");
  const details = $("#return-links");
  if (!list || !details || !details.open || !liveRef || !liveRef.store) return;
  const people = liveRef.store.participants || [];
  syncList(list, people, (p) => p.id,
    (p) => h("li", { class: "return-link-row" },
      h("span", { class: "user-text return-link-person", dir: "auto" }),
      h("button", { type: "button", class: "button button-small", "data-participant": p.id, "data-testid": "show-return-link" },
        t("show_return_link", "Show return link"))),
    (li, p) => {
      setText(li.querySelector(".return-link-person"), p.name);
      li.querySelector("button").setAttribute("aria-label",
        t("show_return_link_of", "Show the personal link of %(name)s", { name: p.name }));
    });
  if (!people.length) list.replaceChildren(h("li", { class: "empty", text: t("nobody_yet", "Nobody has joined yet.") }));
}

export function renderClaims() {
  renderRequests();
  renderPeople();
}

async function showReturnLink(participantId) {
  const dialog = $("#return-link-dialog");
  const error = $("#return-link-error");
  const code = liveRef.config.code;
  show(error, false);
  try {
    const response = await fetch(`/api/w/${encodeURIComponent(code)}/participants/${participantId}/return-link`,
      { headers: { Accept: "application/json" }, cache: "no-store", credentials: "same-origin" });
    const body = await response.json();
    if (!response.ok) throw new Error((body.error && body.error.message) || "");
    setText($("#return-link-name"), body.participant.name);
    $("#return-link-url").value = body.return_url;
    const qr = $("#return-link-qr");
    qr.src = body.qr_url;
    qr.alt = t("return_link_qr", "QR code of the personal link of %(name)s", { name: body.participant.name });
  } catch (err) {
    setText(error, (err && err.message) || t("no_answer", "The server did not answer. Try again."));
    show(error, true);
  }
  if (!dialog.open) dialog.showModal();
}

/** `act(event, payload, done)` sends a facilitator action and says how it went. */
export function wireClaims(live, act) {
  const card = $("#claims-card");
  if (!card) return;
  liveRef = live;
  live.socket.on("state", (state) => {
    if (state && Array.isArray(state.claims)) claims = state.claims;
    renderClaims();
  });
  live.socket.on("claims", (message) => {
    claims = (message && Array.isArray(message.claims)) ? message.claims : [];
    renderClaims();
  });
  $("#claims-list").addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-answer]");
    if (!button) return;
    const row = button.closest("[data-claim-id]");
    const claim = claims.find((c) => String(c.id) === row.dataset.claimId);
    const confirm = button.dataset.answer === "yes";
    for (const b of row.querySelectorAll("button")) b.disabled = true;
    const name = claim ? claim.name : "";
    const ok = await act("claim.answer", { claim_id: Number(row.dataset.claimId), confirm },
      confirm ? t("claim_confirmed", "Confirmed: the phone is now %(name)s.", { name })
        : t("claim_refused", "Refused: the phone was told.", { name }));
    if (ok) {
      claims = claims.filter((c) => String(c.id) !== row.dataset.claimId);
      $("#claims-title").focus(); // the row and its buttons are gone: keep the focus nearby
    } else for (const b of row.querySelectorAll("button")) b.disabled = false;
    renderClaims();
  });
  const details = $("#return-links");
  details.addEventListener("toggle", renderPeople);
  $("#return-link-list").addEventListener("click", (event) => {
    const button = event.target.closest("button[data-participant]");
    if (button) showReturnLink(Number(button.dataset.participant));
  });
  const dialog = $("#return-link-dialog");
  $("#return-link-close").addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => {
    // The secret leaves the page with the dialog.
    $("#return-link-url").value = "";
    $("#return-link-qr").removeAttribute("src");
  });
  // Requests expire; the participants list changes with the store.
  setInterval(renderClaims, 3000);
}
