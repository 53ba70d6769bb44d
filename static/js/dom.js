// Small DOM helpers shared by every page.
// User text only ever reaches the page through textContent / text nodes.

/** Build an element. `text` sets textContent; `on…` adds listeners. */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value == null || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = value;
    else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child != null && child !== false) el.append(child); // strings become text nodes
  }
  return el;
}

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

/** Set text only when it changed: no flicker, no lost selection. */
export function setText(el, text) {
  const value = text == null ? "" : String(text);
  if (el && el.textContent !== value) el.textContent = value;
}

export function show(el, visible) {
  if (el && el.hidden === Boolean(visible)) el.hidden = !visible;
}

/** JSON a template put in a <script type="application/json"> (no inline JS: CSP). */
export function readJSON(id, fallback = {}) {
  const el = document.getElementById(id);
  if (!el) return fallback;
  try {
    return JSON.parse(el.textContent);
  } catch {
    return fallback;
  }
}

/**
 * Keep `container`'s children in step with `items`, reusing nodes by key:
 * focus, selection and CSS animations survive an update, and only new
 * items are created (so only they "pop").
 */
export function syncList(container, items, keyOf, create, update) {
  const existing = new Map();
  for (const el of container.children) existing.set(el.dataset.key, el);
  let previous = null;
  for (const item of items) {
    const key = String(keyOf(item));
    let el = existing.get(key);
    if (el) existing.delete(key);
    else {
      el = create(item);
      el.dataset.key = key;
    }
    if (update) update(el, item);
    const wanted = previous ? previous.nextSibling : container.firstChild;
    if (wanted !== el) container.insertBefore(el, wanted);
    previous = el;
  }
  for (const el of existing.values()) el.remove();
}

/**
 * A copy of a page's <template id="…"> (markup and words written, and
 * translated, in the page). Every "__" in an id, for, name or aria
 * reference becomes `suffix`, so that each copy's labels stay its own.
 */
export function fromTemplate(id, suffix) {
  const template = document.getElementById(id);
  const root = template.content.firstElementChild.cloneNode(true);
  const attributes = ["id", "for", "name", "aria-describedby", "aria-labelledby", "aria-controls"];
  for (const el of [root, ...root.querySelectorAll("*")]) {
    for (const name of attributes) {
      const value = el.getAttribute(name);
      if (value && value.includes("__")) el.setAttribute(name, value.replaceAll("__", String(suffix)));
    }
  }
  return root;
}

// ---- translations -------------------------------------------------------

const STRINGS = readJSON("atelier-i18n");
const LANG = document.documentElement.lang || "en";
const plurals = typeof Intl !== "undefined" && Intl.PluralRules ? new Intl.PluralRules(LANG) : null;

// Who the team serves (%(people)s, %(person)s…): every string may name
// them, so each is filled with the workshop's current words.
let SERVED = readJSON("atelier-config").served || {};

function fill(template, params) {
  const values = { ...SERVED, ...params };
  return String(template).replace(/%\((\w+)\)s/g, (all, name) =>
    values[name] != null ? String(values[name]) : all,
  );
}

/** The snapshot's words ({fr: {...}, en: {...}}); texts the server wrote
 *  with the old words carry data-t="key" and are written again. True if changed. */
export function setServed(byLanguage) {
  const words = byLanguage && (byLanguage[LANG] || byLanguage.fr);
  if (!words || JSON.stringify(words) === JSON.stringify(SERVED)) return false;
  SERVED = words;
  for (const el of document.querySelectorAll("[data-t]")) {
    const text = t(el.dataset.t, el.textContent);
    el.textContent = el.hasAttribute("data-t-up") ? upFirst(text) : text;
  }
  return true;
}

/** A string of the page's bundle; `fallback` is the English msgid. */
export function t(key, fallback, params) {
  const value = STRINGS[key];
  return fill(typeof value === "string" ? value : fallback, params);
}

/** A plural string: the bundle holds {one, other} (French says "0 choix restant"). */
export function tn(key, count, one, other, params = {}) {
  const forms = STRINGS[key] && typeof STRINGS[key] === "object" ? STRINGS[key] : { one, other };
  const form = plurals ? plurals.select(count) : count === 1 ? "one" : "other";
  return fill(form === "one" ? forms.one : forms.other, { num: count, ...params });
}

export const lang = LANG;

/** A title's first letter in capitals ("client ideas" → "Client ideas"). */
export const upFirst = (text) => text.charAt(0).toUpperCase() + text.slice(1);

/** Length as the server counts it: code points, so an emoji is one. */
export const codePoints = (text) => [...text].length;

/** A message under a control: shown with its text, hidden when empty. */
export function showError(target, message) {
  if (!target) return;
  setText(target, message || "");
  show(target, Boolean(message));
}
// Dates in the reader's own format for the page's language (en-GB, fr-CA…).
const DATE_LOCALE = ((navigator.languages || [navigator.language]).find(
  (l) => l && l.toLowerCase().split("-")[0] === LANG.toLowerCase(),
)) || LANG;

/** A date such as "2025-03-14" in the page's language, e.g. "Friday 14 March 2025". */
export function formatDate(iso, style = "full") {
  if (!iso) return "";
  const [y, m, d] = String(iso).split("-").map(Number);
  if (!y || !m || !d) return String(iso);
  const date = new Date(y, m - 1, d); // local midnight: no day shift across time zones
  try {
    return new Intl.DateTimeFormat(DATE_LOCALE, { dateStyle: style }).format(date);
  } catch {
    return date.toDateString();
  }
}

/** Milliseconds as m:ss (h:mm:ss past an hour). */
export function formatClock(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

// ---- browser odds and ends ---------------------------------------------

/** localStorage that never throws (private mode, full quota): nothing breaks, we just keep less. */
export const storage = {
  get(key, fallback) {
    try {
      const raw = window.localStorage.getItem(key);
      return raw == null ? fallback : JSON.parse(raw);
    } catch {
      return fallback;
    }
  },
  set(key, value) {
    try {
      window.localStorage.setItem(key, JSON.stringify(value));
      return true;
    } catch {
      return false;
    }
  },
  remove(key) {
    try {
      window.localStorage.removeItem(key);
    } catch {
      /* nothing to do */
    }
  },
};

/** A random UUID; crypto.randomUUID only exists on HTTPS, phones on a LAN use plain HTTP. */
export function newClientId() {
  const c = window.crypto;
  if (c && typeof c.randomUUID === "function") {
    try {
      return c.randomUUID();
    } catch {
      /* insecure context: fall through */
    }
  }
  const bytes = new Uint8Array(16);
  if (c && c.getRandomValues) c.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Copy text; the Clipboard API needs HTTPS, so fall back to a selected field. */
export async function copyText(text, field) {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    /* fall back below */
  }
  const input = field || h("textarea", { class: "visually-hidden", readonly: true });
  if (!field) {
    input.value = text;
    document.body.append(input);
  }
  input.focus();
  input.select();
  let ok = false;
  try {
    ok = document.execCommand("copy");
  } catch {
    ok = false;
  }
  if (!field) input.remove();
  return ok;
}

/** Wire every [data-copy-from] button to copy its target field's value. */
export function wireCopyButtons(root = document) {
  for (const button of $$("[data-copy-from]", root)) {
    button.addEventListener("click", async () => {
      const field = document.getElementById(button.dataset.copyFrom);
      if (!field) return;
      const ok = await copyText(field.value || field.textContent, field.select ? field : null);
      const label = button.dataset.label || button.textContent;
      button.dataset.label = label;
      button.textContent = ok ? t("copied", "Copied") : t("copy_failed", "Select and copy");
      setTimeout(() => (button.textContent = label), 2000);
    });
  }
}
