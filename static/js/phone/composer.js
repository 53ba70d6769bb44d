// The composer: one textarea, a fixed node moved where it is needed (client
// ideas, a client idea to transpose, a free idea), so typing is never
// interrupted by a redraw; its text is saved as it is typed, per context.
// A draft belongs to its step: when the room moves on it waits in that
// step's composer (should the facilitator go back), never pinned on top.
import { $, $$, copyText, h, setText, show, storage, t, tn } from "../dom.js";
import { allowed } from "../workshop.js";
import { app, codePoints, config, el, joinTexts, MAX, showError } from "./state.js";

// ---- what the phone keeps: drafts per composer context, texts not sent ----

const draftsKey = `atelier:${config.code}:drafts`;
const unsentKey = `atelier:${config.code}:unsent`;
const drafts = storage.get(draftsKey, {}) || {};
const unsent = storage.get(unsentKey, []) || [];
const saveDrafts = () => storage.set(draftsKey, drafts);
const saveUnsent = () => (unsent.length ? storage.set(unsentKey, unsent) : storage.remove(unsentKey));

// A composer context: "client", "free", or "c:<client idea id>".
let ctx = null;

/** The composer context open now (null when none is). */
export const currentCtx = () => ctx;
export const draftOf = (c) => drafts[c];

/** The step whose composer a context belongs to. */
const stepOf = (c) => (c === "client" ? "client_ideas" : "transposition");

export function ctxPost(c) {
  if (c === "client") return { kind: "client", parent_id: null };
  if (c === "free") return { kind: "colleague", parent_id: null };
  return { kind: "colleague", parent_id: Number(c.slice(2)) };
}

export function ctxValid(store, c) {
  // What the step collects is the server's call (workshop.allowed.post).
  const post = allowed(store.workshop).post;
  if (c === "client") return post === "client";
  if (post !== "colleague") return false;
  if (c === "free") return true;
  const id = Number(String(c).slice(2));
  return store.ideas.some((i) => i.id === id && i.kind === "client");
}

// ---- the limit: the field holds no more than the server takes ----

/**
 * What is typed or pasted past the limit does not go in: the field holds
 * MAX characters counted as the server counts them (code points of the
 * trimmed text; an emoji is one), cut where the insertion ended.
 */
function holdToLimit(event) {
  if (!event.inputType || !event.inputType.startsWith("insert")) return;
  const value = el.text.value;
  const excess = codePoints(value.trim()) - MAX;
  if (excess <= 0) return;
  const caret = el.text.selectionEnd;
  const before = [...value.slice(0, caret)];
  const kept = before.slice(0, Math.max(0, before.length - excess)).join("");
  el.text.value = kept + value.slice(caret);
  el.text.setSelectionRange(kept.length, kept.length);
}

/** How many characters are left, or too many (a text put back from elsewhere may be). */
export function updateCounter() {
  const left = MAX - codePoints(el.text.value.trim());
  const over = left < 0;
  setText(el.count, over
    ? tn("chars_over", -left, "%(num)s character too many", "%(num)s characters too many")
    : tn("chars_left", left, "%(num)s character left", "%(num)s characters left"));
  el.count.classList.toggle("is-over", over);
  el.count.classList.toggle("is-near", !over && left <= 20);
  // A text over the limit cannot be sent.
  el.submit.disabled = over;
  if (over) el.text.setAttribute("aria-invalid", "true");
  else el.text.removeAttribute("aria-invalid");
}

/**
 * What the composer says under the text: one message at a time, so a green
 * "Sent." never stays under a red refusal. `kind`: "error", "paused" (not
 * the person's fault: said calmly) or "status".
 */
export function say(message = "", kind = "error") {
  const status = kind === "status";
  showError(el.error, status ? "" : message);
  el.error.classList.toggle("is-paused", kind === "paused" && Boolean(message));
  setText(el.status, status ? message : "");
}

export function openComposer(next, { focus = true } = {}) {
  if (ctx) drafts[ctx] = el.text.value;
  ctx = next;
  el.text.value = (ctx && drafts[ctx]) || "";
  saveDrafts();
  updateCounter();
  say("");
  placeComposer();
  if (focus && ctx) el.text.focus();
  renderUnsent(); // "not sent" texts offer to go back into the open text box
}

export function placeComposer() {
  const slot = ctx ? $(`.composer-slot[data-slot="${ctx}"]`) : null;
  const target = slot || el.park;
  if (el.composer.parentNode !== target) target.append(el.composer);
  const labels = {
    client: () => t("label_client", "Your %(person)s idea"),
    free: () => t("label_free", "Your own colleague idea"),
  };
  setText(el.label, (labels[ctx] || (() => t("label_version", "Your colleague version of this idea")))());
  for (const button of $$(".pick[aria-expanded]")) {
    const key = button.closest("[data-key]").dataset.key;
    button.setAttribute("aria-expanded", String(key === (ctx === "free" ? "free" : ctx)));
  }
}

/** A text the person can no longer post where it was written, kept in view in the step it belongs to. */
export function keepUnsent(entry, step) {
  unsent.push({ ...entry, step: step || (app.live && app.live.store ? app.live.store.workshop.phase : null) });
  saveUnsent();
}

export function wireComposer() {
  el.text.addEventListener("input", (event) => {
    holdToLimit(event);
    if (ctx) {
      drafts[ctx] = el.text.value;
      saveDrafts();
    }
    updateCounter();
    // Typing again: "Sent." was about the previous text; an error about an empty text is moot.
    if (el.text.value.trim() && !el.error.classList.contains("is-paused")) say("");
  });
  el.text.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      el.composer.requestSubmit();
    }
  });

  el.composer.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!ctx) return;
    const text = el.text.value.trim();
    if (!text) return say(t("text_empty", "Type something first."));
    if (codePoints(text) > MAX) {
      return say(t("text_too_long", "Text too long: %(limit)s characters at most.", { limit: MAX }));
    }
    // Saved in the outbox (localStorage) before it leaves: from here it cannot be lost.
    app.live.submit("idea.post", { ...ctxPost(ctx), text }, { ctx });
    el.text.value = "";
    delete drafts[ctx];
    saveDrafts();
    updateCounter();
    say(app.live.socket.connected ? "" : t("saved_offline", "Saved on this phone. It will be sent when the connection is back."), "status");
    el.text.focus();
  });

  el.pickFree.addEventListener("click", () => openComposer(ctx === "free" ? null : "free"));
}

/**
 * Put a refused text back where the person can act on it: its composer if
 * it is open for business, else the draft of its own step; "not sent" only
 * when its client idea is gone. Returns a word for the top of the page when
 * the text went out of sight, else "".
 */
export function restore(c, text, message, { paused = false } = {}) {
  const store = app.live.store;
  if (store && ctxValid(store, c)) {
    if (c !== ctx) openComposer(c, { focus: false });
    el.text.value = joinTexts(el.text.value, text);
    drafts[c] = el.text.value;
    saveDrafts();
    updateCounter();
    say(message, paused ? "paused" : "error");
    return "";
  }
  const phase = store ? store.workshop.phase : null;
  if (phase === stepOf(c)) {
    // Its step is on, its client idea is not.
    keepUnsent({ text, message: t("parent_gone", "That idea is no longer available. Pick another one.") }, phase);
    app.live.render();
    return "";
  }
  drafts[c] = joinTexts(drafts[c], text);
  saveDrafts();
  app.live.render();
  return t("kept_in_step", "The step changed before your text was posted: it waits in its step's text box.");
}

/**
 * The page was redrawn, maybe at another step. A draft stays with its step,
 * out of sight, until that step comes back; only a version of a client idea
 * that is gone, at the transposition, is shown as "not sent".
 */
export function settleDrafts(store) {
  const phase = store.workshop.phase;
  let moved = false;
  if (phase === "transposition") {
    for (const [key, text] of Object.entries(drafts)) {
      if (!key.startsWith("c:") || key === ctx || ctxValid(store, key)) continue;
      if (text && text.trim()) keepUnsent({ text: text.trim(), message: t("parent_gone", "That idea is no longer available. Pick another one.") }, phase);
      delete drafts[key];
      moved = true;
    }
  }
  if (ctx && !ctxValid(store, ctx)) {
    if (phase === stepOf(ctx) && el.text.value.trim()) {
      keepUnsent({ text: el.text.value.trim(), message: t("parent_gone", "That idea is no longer available. Pick another one.") }, phase);
      delete drafts[ctx];
    } else drafts[ctx] = el.text.value; // kept for its step
    el.text.value = "";
    ctx = null;
    openComposer(null, { focus: false });
    moved = true;
  }
  if (moved) saveDrafts();
  if (!ctx && phase === "client_ideas") openComposer("client", { focus: false });
}

/** "Not sent" texts, in the step they belong to (older ones, without a step, anywhere). */
export function renderUnsent() {
  const phase = app.live && app.live.store ? app.live.store.workshop.phase : null;
  const here = unsent.map((entry, index) => ({ entry, index })).filter(({ entry }) => !entry.step || entry.step === phase);
  const slot = $$("[data-unsent-slot]").find((s) => s.dataset.unsentSlot.split(" ").includes(phase))
    || $("[data-unsent-slot='']");
  if (el.unsent.parentNode !== slot) slot.append(el.unsent);
  show(el.unsent, here.length > 0);
  show(el.unsentHint, !ctx && phase === "transposition");
  el.unsentList.replaceChildren(
    ...here.map(({ entry, index }) => {
      const remove = () => {
        unsent.splice(index, 1);
        saveUnsent();
        app.live.render();
      };
      const copy = h("button", { type: "button", class: "button button-small", text: t("copy", "Copy") });
      copy.addEventListener("click", async () => {
        const ok = await copyText(entry.text);
        setText(copy, ok ? t("copied", "Copied") : t("copy_failed", "Select and copy"));
      });
      const actions = [copy, h("button", { type: "button", class: "button button-small", text: t("dismiss", "Dismiss"), onclick: remove })];
      if (ctx) {
        actions.unshift(h("button", {
          type: "button", class: "button button-small", text: t("use", "Put back in the text box"),
          onclick: () => {
            el.text.value = joinTexts(el.text.value, entry.text);
            drafts[ctx] = el.text.value;
            saveDrafts();
            updateCounter();
            remove();
            el.text.focus();
          },
        }));
      }
      return h("li", { class: "unsent-item" },
        h("p", { class: "idea-text user-text", dir: "auto", text: entry.text }),
        entry.message ? h("p", { class: "form-error", text: entry.message }) : null,
        h("div", { class: "actions" }, actions));
    }),
  );
}
