// What every part of the facilitator's page (and of the remote) shares:
// the page's config, the live connection, and one status line that says
// what an action did or why the server refused it.
import { $, readJSON, setText, show } from "../dom.js";

export const config = readJSON("atelier-config");

/** The live connection, set by static/js/facilitate.js once created. */
export const ctx = { live: null };

const status = $("#fac-status");
let statusTimer = null;

export function say(message, isError = false) {
  if (!status) return;
  setText(status, message);
  status.classList.toggle("is-error", isError);
  show(status, Boolean(message));
  clearTimeout(statusTimer);
  statusTimer = setTimeout(() => show(status, false), isError ? 8000 : 3000);
}

/** Send an action; say the server's refusal, or `done` when it worked. */
export async function act(event, payload, done) {
  const ack = await ctx.live.send(event, payload);
  if (!ack.ok) say(ack.error.message, true);
  else if (done) say(done);
  return ack.ok;
}

/** Draw the page again (after a local change: editing, merging). */
export function rerender() {
  ctx.live.render();
}

export { codePoints, showError } from "../dom.js";
export const maxOf = (input, fallback) => Number(input && input.dataset.max) || fallback;
