// Runs in a page under test: every visible element with its own text, its colour composited
// over the backgrounds below it, and the WCAG contrast ratio of the two; sideways overflow;
// how light the card's background and text are.
function rgba(text) {
  const m = text.match(/rgba?\(([^)]+)\)/);
  if (!m) return [0, 0, 0, 0];
  const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
  return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
}
function over(top, bottom) {
  const a = top[3];
  return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a)).concat([1]);
}
function luminance(c) {
  const l = c.slice(0, 3).map(v => {
    v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
}
function background(el) {
  const chain = [];
  for (let e = el; e; e = e.parentElement) chain.unshift(e);
  let colour = [255, 255, 255, 1];
  for (const e of chain) colour = over(rgba(getComputedStyle(e).backgroundColor), colour);
  return colour;
}
const failures = [];
let checked = 0;
for (const el of document.body.querySelectorAll("*")) {
  const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  if (!own || !el.getClientRects().length) continue;
  const style = getComputedStyle(el);
  if (style.visibility !== "visible" || el.closest("script, style")) continue;
  const bg = background(el);
  const fg = over(rgba(style.color), bg);
  const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
  const ratio = (hi + 0.05) / (lo + 0.05);
  checked += 1;
  if (ratio < arguments[0]) {
    failures.push(`${el.tagName.toLowerCase()}.${el.className} ${ratio.toFixed(2)} ` +
      `${style.color} on ${bg.slice(0, 3)}: ${el.textContent.trim().slice(0, 40)}`);
  }
}
const root = document.documentElement;
const card = document.querySelector(".card") || document.body;
return {
  checked, failures,
  overflow: root.scrollWidth - root.clientWidth,
  height: root.scrollHeight,
  background: luminance(background(card)),
  text: luminance(over(rgba(getComputedStyle(card).color), background(card))),
};
