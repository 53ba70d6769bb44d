// The barometer's words in the page's language (atelier/barometer_texts.py,
// put in the page by templates/_ui.html): the ten dimensions in order, the
// two sides, and the line said where a figure is held back.
const island = document.getElementById("atelier-barometer-words");
const words = island ? JSON.parse(island.textContent) : { dimensions: [], sides: {}, too_few: "" };

export const DIMENSIONS = words.dimensions; // [{id, name, statement}]
export const SIDES = words.sides; // {customers, colleagues}
export const TOO_FEW = words.too_few;

export function dimensionName(id) {
  const found = DIMENSIONS.find((d) => d.id === id);
  return found ? found.name : id;
}
