// The barometer's words in the page's language (atelier/barometer_texts.py,
// put in the page by templates/_ui.html): the ten dimensions in order, the
// two sides, and the line said where a figure is held back.
import { t } from "./dom.js";

const island = document.getElementById("atelier-barometer-words");
const words = island ? JSON.parse(island.textContent) : { dimensions: [], sides: {}, too_few: "" };

export const DIMENSIONS = words.dimensions; // [{id, name, statement}]
// {customers, colleagues}: "With our %(people)s" names who the team serves.
const SIDES = words.sides;
export const TOO_FEW = words.too_few;

export function dimensionName(id) {
  const found = DIMENSIONS.find((d) => d.id === id);
  return found ? found.name : id;
}

/** A side's name, with who the team serves filled in (the words may change). */
export function sideName(side) {
  return SIDES[side] ? t("", SIDES[side]) : side;
}
