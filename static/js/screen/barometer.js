// The barometer on the projected screen (docs/realtime-api.md "The
// barometer"). While a round is open: how many answered, never who. Day 0
// closed: the mirror chart of the two profiles and its widest gaps in
// words, offered again as prompts at the transposition. At the review: day
// 0 against day 15 between colleagues. A figure held back (fewer than 3
// answers) shows "—" and the anonymity line once. Key B hides or shows the
// figures on this screen.
import { DIMENSIONS, TOO_FEW, dimensionName, sideName } from "../barometer_words.js";
import { h, lang, setText, show, syncList, t, tn } from "../dom.js";

const DASH = "—";
const decimal = new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
/** A mean or a gap as the room reads it ("4,3" in French); "—" when held back. */
export const figure = (value) => (value == null ? DASH : decimal.format(value));

// The view B hid (by name): another view, or this one once B is pressed again, shows.
let hiddenView = null;
let currentView = null;

/** Key B: hide or show the barometer's figures here. False when none are on the screen. */
export function toggleBarometer() {
  if (!currentView) return false;
  hiddenView = hiddenView === currentView ? null : currentView;
  return true;
}

/** A bar's length: its share of the 1–5 scale's top (through CSSOM: the CSP forbids style=""). */
function fillBar(bar, value) {
  bar.classList.toggle("is-empty", value == null);
  bar.querySelector(".baro-fill").style.setProperty("--share", String(value == null ? 0 : value / 5));
}

const bar = (side) => h("span", { class: `baro-bar baro-${side}`, "aria-hidden": "true" }, h("span", { class: "baro-fill" }));
const hiddenLabel = (text) => h("span", { class: "visually-hidden", text: `${text} ` });

// ---- day 0: the mirror chart ------------------------------------------------

function mirrorRow() {
  return h("li", { class: "baro-row" },
    bar("customers"),
    h("span", { class: "baro-value baro-value-customers" }, hiddenLabel(sideName("customers")), h("span", { class: "baro-num" })),
    h("span", { class: "baro-name" }, h("span", { class: "baro-rank" }), h("span", { class: "baro-name-text" })),
    h("span", { class: "baro-value baro-value-colleagues" }, hiddenLabel(sideName("colleagues")), h("span", { class: "baro-num" })),
    bar("colleagues"));
}

function fillMirrorRow(li, row) {
  li.dataset.dimension = row.id;
  setText(li.querySelector(".baro-name-text"), row.name);
  const rank = li.querySelector(".baro-rank");
  setText(rank, row.rank ? String(row.rank) : "");
  show(rank, Boolean(row.rank));
  li.classList.toggle("is-widest", Boolean(row.rank));
  for (const side of ["customers", "colleagues"]) {
    const value = row[side].mean;
    setText(li.querySelector(`.baro-value-${side} .baro-num`), figure(value));
    // Who the team serves may have changed since the row was made.
    setText(li.querySelector(`.baro-value-${side} .visually-hidden`), `${sideName(side)} `);
    fillBar(li.querySelector(`.baro-bar.baro-${side}`), value);
  }
}

function gapLine(gap) {
  return t("baro_gap_line", "%(dimension)s: %(served)s for %(people)s, %(colleagues)s between colleagues (gap %(gap)s)", {
    dimension: dimensionName(gap.dimension),
    served: figure(gap.customers),
    colleagues: figure(gap.colleagues),
    gap: figure(Math.abs(gap.gap)),
  });
}

function renderChart(box, summary) {
  const ranks = new Map(summary.widest.map((g, n) => [g.dimension, n + 1]));
  const rows = DIMENSIONS.map((d) => ({
    id: d.id,
    name: d.name,
    rank: ranks.get(d.id),
    customers: summary.profiles.customers[d.id],
    colleagues: summary.profiles.colleagues[d.id],
  }));
  setText(box.querySelector(".baro-respondents"),
    tn("baro_respondents", summary.respondents, "%(num)s person answered", "%(num)s people answered"));
  // No figure at all (fewer than 3 people): the anonymity line alone, not twenty dashes.
  const any = rows.some((r) => r.customers.mean != null || r.colleagues.mean != null);
  show(box.querySelector(".baro-head"), any);
  box.classList.toggle("is-bare", !any);
  syncList(box.querySelector(".baro-rows"), any ? rows : [], (r) => r.id, mirrorRow, fillMirrorRow);
  showTooFew(box, rows.some((r) => r.customers.mean == null || r.colleagues.mean == null));
  const gaps = box.querySelector(".baro-gaps");
  show(gaps, summary.widest.length > 0);
  syncList(gaps.querySelector("ol"), summary.widest, (g) => g.dimension, () => h("li"), (li, g) => setText(li, gapLine(g)));
}

// Largest first; the smallest keeps chart labels at 2 % of the screen's height.
const SIZES = ["l", "m", "s"];

/** A chart as large as its room allows, once drawn and its neighbours laid out. */
export function fitChart(box) {
  for (const size of SIZES) {
    box.dataset.size = size;
    if (box.scrollHeight <= box.clientHeight + 1) break;
  }
}

function showTooFew(box, held) {
  const line = box.querySelector(".baro-too-few");
  setText(line, held ? `${DASH} ${TOO_FEW}` : "");
  show(line, held);
}

// ---- the transposition: the widest gaps as prompts -----------------------------

function renderPrompts(box, widest) {
  const groups = [
    { key: "less", lead: t("baro_prompts_less", "Where we care less for each other than for %(people)s:"), gaps: widest.filter((g) => g.gap > 0) },
    { key: "more", lead: t("baro_prompts_more", "Where we care more for each other than for %(people)s:"), gaps: widest.filter((g) => g.gap < 0) },
  ].filter((g) => g.gaps.length);
  syncList(box, groups, (g) => g.key,
    () => h("p", { class: "baro-prompt" }, h("strong", { class: "baro-prompt-lead" }), " ", h("span", { class: "baro-prompt-items" })),
    (p, g) => {
      setText(p.querySelector(".baro-prompt-lead"), g.lead);
      // Each gap on one line, whole: " · " between them is where the band may wrap.
      const items = g.gaps.map((gap) => h("span", {
        class: "baro-prompt-item",
        text: t("baro_prompt_item", "%(dimension)s (gap %(gap)s)", { dimension: dimensionName(gap.dimension), gap: figure(Math.abs(gap.gap)) }),
      }));
      p.querySelector(".baro-prompt-items").replaceChildren(...items.flatMap((item, n) => (n ? [" · ", item] : [item])));
    });
}

// ---- the review: day 0 against day 15, between colleagues -----------------------

function gapChange(change) {
  if (change == null) return DASH;
  const num = figure(Math.abs(change));
  if (change < 0) return t("baro_gap_narrowed", "the gap narrowed by %(num)s", { num });
  if (change > 0) return t("baro_gap_widened", "the gap widened by %(num)s", { num });
  return t("baro_gap_same", "the gap did not move");
}

function compareRow() {
  return h("li", { class: "baro-row baro-compare-row" },
    h("span", { class: "baro-name" }, h("span", { class: "baro-name-text" })),
    h("span", { class: "baro-pair", "aria-hidden": "true" },
      bar("day0"), bar("day15"), h("span", { class: "baro-mark" })),
    h("span", { class: "baro-change" }),
    h("span", { class: "baro-gap-change" }));
}

function fillCompareRow(li, row) {
  li.dataset.dimension = row.dimension;
  setText(li.querySelector(".baro-name-text"), dimensionName(row.dimension));
  fillBar(li.querySelector(".baro-day0"), row.day0.mean);
  fillBar(li.querySelector(".baro-day15"), row.day15.mean);
  const mark = li.querySelector(".baro-mark");
  show(mark, row.customers != null);
  mark.style.setProperty("--at", String((row.customers || 0) / 5));
  const moved = row.change ? ` (${row.change > 0 ? "+" : "−"}${figure(Math.abs(row.change))})` : "";
  setText(li.querySelector(".baro-change"), `${figure(row.day0.mean)} → ${figure(row.day15.mean)}${moved}`);
  const gap = li.querySelector(".baro-gap-change");
  setText(gap, gapChange(row.gap_change));
  gap.classList.toggle("is-still", !row.gap_change);
}

function renderComparison(box, barometer) {
  const { day0, day15 } = barometer.rounds;
  const customers = day0.summary ? day0.summary.profiles.customers : {};
  const rows = barometer.comparison.map((c) => ({ ...c, customers: (customers[c.dimension] || {}).mean }));
  setText(box.querySelector(".baro-respondents"), t("baro_compare_respondents", "Answers: %(day0)s on day 0, %(day15)s on day 15", {
    day0: day0.respondents, day15: day15.respondents,
  }));
  syncList(box.querySelector(".baro-rows"), rows, (r) => r.dimension, compareRow, fillCompareRow);
  showTooFew(box, rows.some((r) => r.day0.mean == null || r.day15.mean == null));
}

// ---- the counts while a round is open -----------------------------------------

function countLine(el, round, { many, none }) {
  show(el, Boolean(round && round.accepting));
  if (!round || !round.accepting) return;
  setText(el, round.respondents ? many(round.respondents) : none);
}

/**
 * Draw what the barometer shows at this step; the step's own view follows.
 * Returns which view took the body: `chart` (the lobby) or `compare` (the review overview).
 */
export function renderBarometer(el, store) {
  const { phase } = store.workshop;
  const barometer = store.workshop.barometer !== false ? store.barometer : null;
  const rounds = barometer ? barometer.rounds : {};
  const day0 = rounds.day0 && rounds.day0.summary;
  let view = null;
  if (phase === "lobby" && day0) view = "chart";
  else if (phase === "transposition" && day0 && day0.widest.length) view = "prompts";
  else if (phase === "review" && barometer && barometer.comparison) view = "compare";
  currentView = view;
  const on = view && hiddenView !== view ? view : null;

  countLine(el.baroCount, phase === "lobby" ? rounds.day0 : null, {
    many: (n) => tn("baro_count", n, "%(num)s person answered the barometer", "%(num)s people answered the barometer"),
    none: t("baro_invite", "Answer the barometer on your phone while everyone joins."),
  });
  countLine(el.baroDay15Count, phase === "review" ? rounds.day15 : null, {
    many: (n) => tn("baro_day15_count", n, "%(num)s person answered since the workshop", "%(num)s people answered since the workshop"),
    none: t("baro_day15_invite", "Has anything moved between us? Answer the barometer again on your phone."),
  });

  show(el.baroChart, on === "chart");
  for (const part of el.lobbyJoin) show(part, on !== "chart");
  if (on === "chart") {
    renderChart(el.baroChart, day0);
    fitChart(el.baroChart);
  }
  show(el.baroPrompts, on === "prompts");
  if (on === "prompts") renderPrompts(el.baroPrompts, day0.widest);
  show(el.baroCompare, on === "compare");
  if (on === "compare") renderComparison(el.baroCompare, barometer);
  return { chart: on === "chart", compare: on === "compare" };
}
