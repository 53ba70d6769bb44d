// What the projected screen's browser test measures (tests/browser/screen_fit.py):
// one line per thing the room might not see.
({minFont, minIdeaFont}) => {
  const problems = [];
  const W = innerWidth, H = innerHeight;
  const root = document.scrollingElement;
  if (root.scrollHeight > root.clientHeight + 1 || root.scrollWidth > root.clientWidth + 1)
    problems.push(`page scrolls: ${root.scrollWidth}×${root.scrollHeight}`);
  const visible = (el) => {
    if (el.closest("[hidden], dialog:not([open]), .visually-hidden, .skip-link")) return false;
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) return false;
    const s = getComputedStyle(el);
    return s.visibility !== "hidden" && s.display !== "none" && Number(s.opacity) > 0.05;
  };
  const name = (el) => {
    const cls = typeof el.className === "string" && el.className ? "." + el.className.trim().split(/\s+/).join(".") : "";
    return `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${cls} "${(el.textContent || "").trim().slice(0, 40)}"`;
  };
  const ideaText = ".idea-text, .bar-text, .review-card-text, .closed-text, .focus-text, .comment-text";
  const all = [...document.querySelectorAll("body *")].filter(visible);
  for (const el of all) {
    const r = el.getBoundingClientRect();
    if (r.left < -1 || r.top < -1 || r.right > W + 1 || r.bottom > H + 1)
      problems.push(`outside the screen: ${name(el)} ${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)}`);
    const s = getComputedStyle(el);
    const hasText = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (/(hidden|clip|auto|scroll)/.test(s.overflowX + s.overflowY) && el.textContent.trim()) {
      if (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1)
        problems.push(`clipped: ${name(el)} ${el.scrollWidth}×${el.scrollHeight} in ${el.clientWidth}×${el.clientHeight}`);
    }
    if (!hasText) continue;
    const size = parseFloat(s.fontSize);
    const min = el.closest(ideaText) ? minIdeaFont : minFont;
    if (min && size < min - 0.05) problems.push(`small type ${size.toFixed(1)}px < ${min}px: ${name(el)}`);
    const line = el.getClientRects()[0] || r; // an inline text: its first line
    const x = Math.min(W - 1, Math.max(0, line.left + line.width / 2)), y = Math.min(H - 1, Math.max(0, line.top + line.height / 2));
    const hit = document.elementFromPoint(x, y);
    if (!hit || !(el === hit || el.contains(hit) || hit.contains(el) && getComputedStyle(hit).pointerEvents === "none"))
      problems.push(`covered: ${name(el)} by ${hit ? name(hit) : "nothing"}`);
  }
  return problems;
}
