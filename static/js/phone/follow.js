// The phone follows the room: when the facilitator moves to another step,
// the new task comes to the top (its heading scrolled into view and given
// the focus), a banner says "New step: …" and fades, screen readers hear
// it, and the phone buzzes where the browser allows it. A redraw at the same
// step (a reconnection, a snapshot) does none of that.
import { $, setText, t } from "../dom.js";
import { phaseName } from "../workshop.js";
import { el } from "./state.js";

const BANNER_MS = 4500;
let shownPhase = null;
let bannerTimer = null;

const reducedMotion = () => window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

/** A field the person is typing in, still on screen: not taken away from them. */
function typingInView() {
  const active = document.activeElement;
  if (!active || !active.matches("textarea, input:not([type=radio]):not([type=checkbox]), select")) return false;
  return active.getClientRects().length > 0 && !active.closest("[hidden]");
}

function announce(phase) {
  const banner = el.stepBanner;
  setText(banner, t("new_step", "New step: %(step)s", { step: phaseName(phase) }));
  banner.classList.remove("is-fading");
  banner.classList.add("is-shown");
  clearTimeout(bannerTimer);
  bannerTimer = setTimeout(() => {
    banner.classList.add("is-fading");
    bannerTimer = setTimeout(() => {
      banner.classList.remove("is-shown", "is-fading");
      setText(banner, "");
    }, 600);
  }, BANNER_MS);
}

function buzz() {
  try {
    if (typeof navigator.vibrate === "function") navigator.vibrate([90, 60, 90]);
  } catch {
    /* not allowed here: the banner says it */
  }
}

/** Call after each redraw, once the page shows `phase`. Returns true on a step change. */
export function followStep(phase) {
  const previous = shownPhase;
  shownPhase = phase;
  if (previous === null || previous === phase) return false;
  announce(phase);
  buzz();
  if (!typingInView()) {
    const heading = el.phase;
    heading.focus({ preventScroll: true });
    ($("#phase-bar") || heading).scrollIntoView({ block: "start", behavior: reducedMotion() ? "auto" : "smooth" });
  }
  return true;
}

/** The sticky header's height, for what sticks under it (the vote's bar, the offline banner). */
export function trackHeader() {
  const header = $(".live-header");
  if (!header) return;
  const set = () => document.documentElement.style.setProperty("--header-h", `${header.offsetHeight}px`);
  set();
  if (typeof ResizeObserver === "function") new ResizeObserver(set).observe(header);
}
