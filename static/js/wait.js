// The phone waiting for the facilitator to confirm who it is
// (templates/join_wait.html): asks every few seconds, and reloads the page
// once the request is answered (the server then hands over the identity, or
// says it was refused or expired). No inline script: a strict CSP.
import { readJSON } from "./dom.js";

const EVERY = 3000;
const config = readJSON("claim-wait-config");

async function check() {
  try {
    const response = await fetch(config.status_url, { headers: { Accept: "application/json" }, cache: "no-store" });
    if (response.ok) {
      const body = await response.json();
      if (body.claim && body.claim.status !== "pending") {
        window.location.reload();
        return;
      }
    } else if (response.status === 404) {
      window.location.reload(); // no longer this phone's request: the page says what to do
      return;
    }
  } catch {
    // Offline for a moment: ask again later.
  }
  setTimeout(check, EVERY);
}

if (config.status_url) setTimeout(check, EVERY);
