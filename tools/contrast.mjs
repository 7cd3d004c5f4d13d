#!/usr/bin/env node
// Contrast ratios (WCAG 2.1) of the theme's colour pairs, read from the custom properties in
// themes/natverket/static/style.css. Exits with 1 if a pair is below its minimum:
// 4.5:1 for text, 3:1 for graphics (map symbols, focus ring, borders that carry meaning).
//
//   node tools/contrast.mjs

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
const css = readFileSync(join(here, "..", "themes", "natverket", "static", "style.css"), "utf8");
const vars = Object.fromEntries(
  [...css.matchAll(/--([a-z0-9-]+):\s*(#[0-9a-f]{6})\b/gi)].map((m) => [m[1], m[2].toLowerCase()]),
);
const colour = (c) => (c.startsWith("#") ? c : vars[c] ?? (() => { throw new Error(`no --${c}`); })());

function luminance(hex) {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const lin = (v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}
export function ratio(a, b) {
  const [l1, l2] = [luminance(colour(a)), luminance(colour(b))].sort((x, y) => y - x);
  return (l1 + 0.05) / (l2 + 0.05);
}

const TEXT = 4.5;
const GRAPHIC = 3;
const pairs = [
  // [foreground, background, minimum, what]
  ["ink", "paper", TEXT, "body text"],
  ["muted", "paper", TEXT, "meta text"],
  ["link", "paper", TEXT, "links"],
  ["accent", "paper", TEXT, "links on hover"],
  ["brand", "paper", TEXT, "headings"],
  ["ink", "tint", TEXT, "text in side boxes and footer"],
  ["muted", "tint", TEXT, "meta text in side boxes"],
  ["link", "tint", TEXT, "links in side boxes and footer"],
  ["brand", "tint", TEXT, "headings in side boxes"],
  ["link", "tint-2", TEXT, "quick links on hover"],
  ["ink", "tint-2", TEXT, "quick link text on hover"],
  ["muted", "#f8f7f3", TEXT, "table stripes: meta text"],
  ["link", "#f8f7f3", TEXT, "table stripes: links"],
  ["brand-ink", "brand", TEXT, "header text"],
  ["#ffffff", "nav", TEXT, "menu text"],
  ["#ffffff", "brand", TEXT, "area numbers"],
  ["ink", "sea", TEXT, "map inset labels on the sea"],
  ["ink", "land", TEXT, "map inset labels on land"],
  ["ink", "neighbour", TEXT, "map inset labels on neighbouring countries"],
  ["m-natverk", "land", GRAPHIC, "map: network municipality"],
  ["m-pilot", "land", GRAPHIC, "map: pilot municipality"],
  ["m-utveckling", "land", GRAPHIC, "map: development municipality"],
  ["m-natverk", "sea", GRAPHIC, "map symbol on the sea"],
  ["m-pilot", "sea", GRAPHIC, "map symbol on the sea"],
  ["m-utveckling", "sea", GRAPHIC, "map symbol on the sea"],
  ["m-natverk", "paper", GRAPHIC, "legend symbol"],
  ["m-pilot", "paper", GRAPHIC, "legend symbol"],
  ["m-utveckling", "paper", GRAPHIC, "legend symbol"],
  ["focus", "brand", GRAPHIC, "focus ring in the header"],
  ["focus", "nav", GRAPHIC, "focus ring and current-page bar in the menu"],
  ["ink", "paper", GRAPHIC, "focus ring's dark edge on white"],
  ["ink", "focus", GRAPHIC, "focused map marker: dark edge on the yellow halo"],
  ["link", "paper", GRAPHIC, "tag borders"],
];

let bad = 0;
for (const [fg, bg, min, what] of pairs) {
  const r = ratio(fg, bg);
  const ok = r >= min;
  if (!ok) bad += 1;
  const name = (c) => (c.startsWith("#") ? c : `--${c}`);
  console.log(`${ok ? "ok  " : "FAIL"} ${r.toFixed(2).padStart(5)}:1 (min ${min}) ${name(fg)} on ${name(bg)}: ${what}`);
}
console.log(bad ? `${bad} pair(s) below the minimum` : "all pairs meet WCAG 2.1 AA");
process.exit(bad ? 1 : 0);
