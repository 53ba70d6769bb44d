// Pages that turn by themselves: when a step has more than fits at a type
// the back of the room can read, the screen shows it page by page, says
// "2 / 4", and turns every few seconds (keys: ↓ ↑ turn, P holds).
import { setText, show, t } from "../dom.js";

const overflows = (box) => box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1;
const states = new WeakMap();
let active = null; // the paged box on the screen now: { box, state }
let held = false;
let indicator = null;

/** Time to read a page: from 10 to 25 seconds, by how much text it holds. */
function readingTime(box) {
  return Math.min(25000, Math.max(10000, box.textContent.length * 12));
}

/**
 * Split `items` into pages that each fit `box` at its current density:
 * a page ends before the first card (in columns) or row that would overflow.
 */
function split(box, items, draw) {
  const pages = [];
  const columns = getComputedStyle(box).columnCount !== "auto"; // cards flow down columns, then right
  let rest = items;
  while (rest.length) {
    draw(rest);
    const frame = box.getBoundingClientRect();
    const bottom = frame.top + box.clientHeight + 1;
    const right = frame.left + box.clientWidth + 1;
    const kids = [...box.children];
    let cut = kids.findIndex((kid) => {
      const r = kid.getBoundingClientRect();
      return r.bottom > bottom || r.right > right;
    });
    if (cut === -1 || kids.length !== rest.length) {
      pages.push(rest);
      break;
    }
    if (!columns) {
      const top = kids[cut].getBoundingClientRect().top; // back to the start of its row
      while (cut > 0 && Math.abs(kids[cut - 1].getBoundingClientRect().top - top) < 2) cut -= 1;
    }
    cut = Math.max(1, cut);
    pages.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  return pages;
}

function paint(entry, turned) {
  const { box, state } = entry;
  state.draw(state.pages[state.page]);
  box.dataset.page = String(state.page + 1);
  if (turned) {
    box.classList.remove("is-turning");
    void box.offsetWidth; // restart the fade
    box.classList.add("is-turning");
    state.turnedAt = Date.now();
    state.wait = readingTime(box);
  }
  updateIndicator();
}

function updateIndicator() {
  if (!indicator) return;
  const state = active && active.state;
  const many = Boolean(state && state.pages.length > 1);
  show(indicator, many);
  if (!many) return;
  setText(indicator.querySelector(".pager-count"), `${state.page + 1} / ${state.pages.length}`);
  indicator.classList.toggle("is-held", held);
  setText(indicator.querySelector(".pager-held"), held ? t("pages_held", "held") : "");
  const bar = indicator.querySelector(".pager-bar");
  if (bar) {
    bar.style.setProperty("--turn", `${state.wait}ms`);
    bar.classList.remove("is-running");
    void bar.offsetWidth;
    bar.classList.toggle("is-running", !held);
  }
}

/** Before a render: no box is paged until one says so. */
export function beginRender() {
  active = null;
}

/** After a render: the indicator follows the box that was paged, if any. */
export function endRender() {
  updateIndicator();
}

/**
 * Draw `items` in `box` as large as its `densities` allow (largest first;
 * each one legible from the back), then page by page.
 * `follow`: new items (keys not seen before) bring their page forward.
 * `choices`: how many of the smallest densities may be tried for the fewest pages.
 */
export function paginate(box, items, draw, { densities, keyOf = (item) => item.id, follow = false, choices = 1 }) {
  const state = states.get(box) || { pages: [[]], page: 0, signature: "", seen: null, turnedAt: Date.now(), wait: 15000 };
  states.set(box, state);
  state.draw = draw;
  active = { box, state };
  const signature = JSON.stringify([innerWidth, innerHeight, document.body.className, items]);
  if (signature === state.signature) {
    paint(active, false);
    return;
  }
  state.signature = signature;
  draw(items);
  let fits = false;
  for (const density of densities) {
    box.dataset.density = density;
    if (!overflows(box)) {
      fits = true;
      break;
    }
  }
  const before = state.pages.length;
  if (fits) state.pages = [items];
  else {
    // Among the smallest densities (the last `choices`), the one that needs the fewest pages.
    let best = null;
    for (const density of densities.slice(-choices)) {
      box.dataset.density = density;
      const pages = split(box, items, draw);
      if (!best || pages.length < best.pages.length) best = { density, pages };
    }
    box.dataset.density = best.density;
    state.pages = best.pages;
  }
  const keys = items.map((item) => String(keyOf(item)));
  const fresh = state.seen ? keys.filter((key) => !state.seen.has(key)) : [];
  state.seen = new Set(keys);
  let page = Math.min(state.page, state.pages.length - 1);
  if (follow && fresh.length && !held) {
    const last = fresh[fresh.length - 1];
    page = state.pages.findIndex((list) => list.some((item) => String(keyOf(item)) === last));
  }
  const turned = page !== state.page || before !== state.pages.length;
  state.page = Math.max(0, page);
  paint(active, turned);
}

/** Turn the page on the screen now: +1 forward, -1 back. False when there is nothing to turn. */
export function turn(delta) {
  if (!active || active.state.pages.length < 2) return false;
  const { state } = active;
  state.page = (state.page + delta + state.pages.length) % state.pages.length;
  paint(active, true);
  return true;
}

/** Hold the pages where they are, or let them turn again. */
export function toggleHold() {
  held = !held;
  if (active) active.state.turnedAt = Date.now();
  updateIndicator();
  return held;
}

export function isHeld() {
  return held;
}

/** The indicator ("2 / 4", held) and the clock that turns the pages. */
export function startPager(element) {
  indicator = element;
  setInterval(() => {
    if (held || !active || active.state.pages.length < 2 || !active.box.offsetParent) return;
    if (Date.now() - active.state.turnedAt >= active.state.wait) turn(1);
  }, 500);
}
