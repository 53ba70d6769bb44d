// The composer: one textarea, a fixed node moved where it is needed (client
// ideas, a client idea to transpose, a free idea), so typing is never
// interrupted by a redraw; its text is saved as it is typed, per context.
import { $, $$, copyText, h, setText, show, storage, t } from "../dom.js";
import { allowed } from "../workshop.js";
import { app, codePoints, config, el, joinTexts, MAX, showError } from "./state.js";

// ---- what the phone keeps: drafts per composer context, texts not sent ----

const draftsKey = `atelier:${config.code}:drafts`;
const unsentKey = `atelier:${config.code}:unsent`;
let drafts = storage.get(draftsKey, {}) || {};
let unsent = storage.get(unsentKey, []) || [];
const saveDrafts = () => storage.set(draftsKey, drafts);
const saveUnsent = () => (unsent.length ? storage.set(unsentKey, unsent) : storage.remove(unsentKey));

// A composer context: "client", "free", or "c:<client idea id>".
let ctx = null;

/** The composer context open now (null when none is). */
export const currentCtx = () => ctx;
export const draftOf = (c) => drafts[c];

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

export function updateCounter() {
  const n = codePoints(el.text.value.trim());
  setText(el.count, `${n} / ${MAX}`);
  el.count.classList.toggle("is-over", n > MAX);
}


export function openComposer(next, { focus = true } = {}) {
  if (ctx) drafts[ctx] = el.text.value;
  ctx = next;
  el.text.value = (ctx && drafts[ctx]) || "";
  saveDrafts();
  updateCounter();
  showError(el.error, "");
  setText(el.status, "");
  placeComposer();
  if (focus && ctx) el.text.focus();
  renderUnsent(); // "not sent" texts offer to go back into the open text box
}

export function placeComposer() {
  const slot = ctx ? $(`.composer-slot[data-slot="${ctx}"]`) : null;
  const target = slot || el.park;
  if (el.composer.parentNode !== target) target.append(el.composer);
  const labels = {
    client: () => t("label_client", "Your client idea"),
    free: () => t("label_free", "Your own colleague idea"),
  };
  setText(el.label, (labels[ctx] || (() => t("label_version", "Your colleague version of this idea")))());
  for (const button of $$(".pick[aria-expanded]")) {
    const key = button.closest("[data-key]").dataset.key;
    button.setAttribute("aria-expanded", String(key === (ctx === "free" ? "free" : ctx)));
  }
}

/** A text the person can no longer post where it was written: kept on screen as "not sent". */
export function keepUnsent(entry) {
  unsent.push(entry);
  saveUnsent();
}

export function wireComposer() {
  el.text.addEventListener("input", () => {
    if (ctx) {
      drafts[ctx] = el.text.value;
      saveDrafts();
    }
    updateCounter();
    if (!el.error.hidden && el.text.value.trim()) showError(el.error, "");
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
    if (!text) return showError(el.error, t("text_empty", "Type something first."));
    if (codePoints(text) > MAX) {
      return showError(el.error, t("text_too_long", "Text too long: %(limit)s characters at most.", { limit: MAX }));
    }
    // Saved in the outbox (localStorage) before it leaves: from here it cannot be lost.
    app.live.submit("idea.post", { ...ctxPost(ctx), text }, { ctx });
    el.text.value = "";
    delete drafts[ctx];
    saveDrafts();
    updateCounter();
    showError(el.error, "");
    setText(el.status, app.live.socket.connected ? "" : t("saved_offline", "Saved on this phone. It will be sent when the connection is back."));
    el.text.focus();
  });

  el.pickFree.addEventListener("click", () => openComposer(ctx === "free" ? null : "free"));
}

/** Put a text back where the person can act on it. */
export function restore(c, text, message, { paused = false } = {}) {
  const store = app.live.store;
  if (store && ctxValid(store, c)) {
    if (c !== ctx) openComposer(c, { focus: false });
    el.text.value = joinTexts(el.text.value, text);
    drafts[c] = el.text.value;
    saveDrafts();
    updateCounter();
    showError(el.error, message);
    el.error.classList.toggle("is-paused", paused); // not the person's fault: no red
    setText(el.status, "");
    return;
  }
  unsent.push({ text, message });
  saveUnsent();
  app.live.render();
}


/**
 * The step changed: a text typed for a step (or a client idea) that is gone
 * stays on screen, as "not sent".
 */
export function settleDrafts(store) {
  const phase = store.workshop.phase;
  // A text typed for a step (or a client idea) that is gone stays on screen, as "not sent".
  const gone = (key) =>
    phase === "transposition" && key.startsWith("c:")
      ? t("parent_gone", "That client idea is no longer available. Pick another one.")
      : t("step_changed", "The step changed before this was posted.");
  let moved = false;
  for (const [key, text] of Object.entries(drafts)) {
    if (key === ctx || ctxValid(store, key)) continue;
    if (text && text.trim()) unsent.push({ text: text.trim(), message: gone(key) });
    delete drafts[key];
    moved = true;
  }
  if (ctx && !ctxValid(store, ctx)) {
    if (el.text.value.trim()) unsent.push({ text: el.text.value.trim(), message: gone(ctx) });
    delete drafts[ctx];
    el.text.value = "";
    ctx = null;
    openComposer(null, { focus: false });
    moved = true;
  }
  if (moved) {
    saveDrafts();
    saveUnsent();
  }
  if (!ctx && phase === "client_ideas") openComposer("client", { focus: false });
}

export function renderUnsent() {
  show(el.unsent, unsent.length > 0);
  show(el.unsentHint, !ctx);
  el.unsentList.replaceChildren(
    ...unsent.map((entry, index) => {
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
