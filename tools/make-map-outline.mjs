#!/usr/bin/env node
// Writes data/sverige.toml: the outline of Sweden for the member map of the theme
// (themes/natverket/templates/map.html), with the projection the templates use to place
// the members of data/kommuner.toml on it.
//
// The outline comes from Natural Earth (public domain, https://www.naturalearthdata.com/)
// through the npm package world-atlas (TopoJSON, ISC licence), read with topojson-client.
// Nothing is downloaded except those two packages from the npm registry.
//
// Regenerate (only needed if the projection, the insets or the source data change):
//
//   cd tools && npm ci && node make-map-outline.mjs
//
// The output is checked in; the site build does not need Node.
//
// Projection: equirectangular, with the longitude scaled by cos(62°), the latitude through
// the middle of Sweden, so that shapes keep their proportions there:
//
//   x = (lon - lon0) * kx        y = (lat0 - lat) * ky
//
// The map has two insets (enlarged parts of the map) where members lie close together:
// the Stockholm area and western Skåne. An inset shows the part of the map inside its
// geographic box (lon_min..lon_max, lat_min..lat_max), enlarged `zoom` times, in a frame at
// (x, y, width, height) on the map. Members inside an inset's box are drawn in the inset
// only. Each inset has its own, more detailed outline (Natural Earth 1:10m) clipped to its box.

import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { feature } from "topojson-client";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "data", "sverige.toml");
const atlas = (name) =>
  JSON.parse(readFileSync(join(here, "node_modules", "world-atlas", name), "utf8"));
const atlasVersion = JSON.parse(
  readFileSync(join(here, "node_modules", "world-atlas", "package.json"), "utf8"),
).version;

// ISO 3166-1 numeric codes, as world-atlas uses them for feature ids.
const SWEDEN = "752";
const NEIGHBOURS = ["578", "246", "208"]; // Norway, Finland, Denmark: drawn faintly for context

// The projection. k is map units per degree of latitude.
const LON0 = 10.4;
const LAT0 = 69.35;
const LON1 = 24.6; // east edge of the map
const LAT1 = 55.1; // south edge of the map
const K = 44;
const KX = round(K * Math.cos((62 * Math.PI) / 180), 4);
const KY = K;
const MAP_W = round((LON1 - LON0) * KX, 1);
const MAP_H = round((LAT0 - LAT1) * KY, 1);
// The map is wider than Sweden to make room for the insets in the Baltic Sea.
const EXTRA_W = 60;
const WIDTH = round(MAP_W + EXTRA_W, 1);
const HEIGHT = MAP_H;

// Douglas–Peucker tolerance and smallest island kept, in map units (and map units squared).
const TOLERANCE = 0.45;
const MIN_AREA = 3;

const INSETS = [
  {
    nyckel: "stockholm",
    lon_min: 17.45,
    lon_max: 18.95,
    lat_min: 58.97,
    lat_max: 59.92,
    zoom: 4,
    // top-left corner of the frame, in map units
    x: 205,
    y: 292,
  },
  {
    nyckel: "skane",
    lon_min: 12.45,
    lon_max: 13.65,
    lat_min: 55.45,
    lat_max: 56.2,
    zoom: 4,
    x: 205,
    y: 470,
  },
];

function round(v, d = 1) {
  const m = 10 ** d;
  return Math.round(v * m) / m;
}

const project = ([lon, lat]) => [(lon - LON0) * KX, (LAT0 - lat) * KY];

function countryRings(topology, id) {
  const f = feature(topology, topology.objects.countries).features.find((f) => f.id === id);
  if (!f) throw new Error(`no country ${id} in world-atlas`);
  const polys = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
  // Outer rings and holes alike; the path is filled with the nonzero rule and holes
  // in Natural Earth run the other way round.
  return polys.flat().map((ring) => ring.map(project));
}

function area(ring) {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    a += (ring[j][0] + ring[i][0]) * (ring[j][1] - ring[i][1]);
  }
  return Math.abs(a / 2);
}

function simplify(points, tolerance) {
  if (points.length < 3) return points;
  const keep = new Uint8Array(points.length);
  keep[0] = keep[points.length - 1] = 1;
  const stack = [[0, points.length - 1]];
  while (stack.length) {
    const [a, b] = stack.pop();
    const [ax, ay] = points[a];
    const [bx, by] = points[b];
    const dx = bx - ax;
    const dy = by - ay;
    const len = Math.hypot(dx, dy) || 1e-9;
    let max = -1;
    let at = -1;
    for (let i = a + 1; i < b; i++) {
      const [px, py] = points[i];
      const d =
        len < 1e-6 ? Math.hypot(px - ax, py - ay) : Math.abs(dy * px - dx * py + bx * ay - by * ax) / len;
      if (d > max) {
        max = d;
        at = i;
      }
    }
    if (max > tolerance) {
      keep[at] = 1;
      stack.push([a, at], [at, b]);
    }
  }
  return points.filter((_, i) => keep[i]);
}

// Sutherland–Hodgman: a ring clipped to a rectangle (which is convex).
function clip(ring, [x0, y0, x1, y1]) {
  const edges = [
    [(p) => p[0] >= x0, (p, q) => cut(p, q, 0, x0)],
    [(p) => p[0] <= x1, (p, q) => cut(p, q, 0, x1)],
    [(p) => p[1] >= y0, (p, q) => cut(p, q, 1, y0)],
    [(p) => p[1] <= y1, (p, q) => cut(p, q, 1, y1)],
  ];
  let pts = ring;
  for (const [inside, intersect] of edges) {
    if (!pts.length) break;
    const next = [];
    for (let i = 0; i < pts.length; i++) {
      const p = pts[i];
      const q = pts[(i + 1) % pts.length];
      if (inside(p)) {
        next.push(p);
        if (!inside(q)) next.push(intersect(p, q));
      } else if (inside(q)) {
        next.push(intersect(p, q));
      }
    }
    pts = next;
  }
  return pts;
}

function cut(p, q, axis, v) {
  const t = (v - p[axis]) / (q[axis] - p[axis]);
  return [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])];
}

function toPath(rings, decimals) {
  return rings
    .map((ring) => {
      // Relative coordinates keep the path short.
      let [px, py] = [round(ring[0][0], decimals), round(ring[0][1], decimals)];
      let d = `M${px} ${py}`;
      let prevCmd = "M";
      for (const pt of ring.slice(1)) {
        const x = round(pt[0], decimals);
        const y = round(pt[1], decimals);
        const dx = round(x - px, decimals);
        const dy = round(y - py, decimals);
        if (dx === 0 && dy === 0) continue;
        d += (prevCmd === "l" ? " " : "l") + `${dx} ${dy}`;
        prevCmd = "l";
        px = x;
        py = y;
      }
      return d + "z";
    })
    .join("");
}

function outline(rings, { tolerance, minArea, box }) {
  return rings
    .map((r) => (box ? clip(r, box) : r))
    .filter((r) => r.length >= 3 && area(r) >= minArea)
    .map((r) => simplify(r, tolerance))
    .filter((r) => r.length >= 3 && area(r) >= minArea);
}

const world50 = atlas("countries-50m.json");
const world10 = atlas("countries-10m.json");

const sweden = outline(countryRings(world50, SWEDEN), { tolerance: TOLERANCE, minArea: MIN_AREA });
const mapBox = [-5, -5, WIDTH + 5, HEIGHT + 5];
const neighbours = outline(
  NEIGHBOURS.flatMap((id) => countryRings(world50, id)),
  { tolerance: TOLERANCE * 2, minArea: MIN_AREA * 4, box: mapBox },
);

const sweden10 = countryRings(world10, SWEDEN);
const neighbours10 = NEIGHBOURS.flatMap((id) => countryRings(world10, id));
const insets = INSETS.map((i) => {
  const [vx, vy] = project([i.lon_min, i.lat_max]);
  const [vx1, vy1] = project([i.lon_max, i.lat_min]);
  const vw = vx1 - vx;
  const vh = vy1 - vy;
  // Clip a little outside the box: the frame hides the cut edges.
  const m = 2;
  const box = [vx - m, vy - m, vx1 + m, vy1 + m];
  const opts = { tolerance: TOLERANCE / i.zoom, minArea: MIN_AREA / (i.zoom * i.zoom), box };
  return {
    ...i,
    vx: round(vx, 2),
    vy: round(vy, 2),
    vw: round(vw, 2),
    vh: round(vh, 2),
    width: round(vw * i.zoom, 1),
    height: round(vh * i.zoom, 1),
    path: toPath(outline(sweden10, opts), 2),
    grannar: toPath(outline(neighbours10, opts), 2),
  };
});

const q = (s) => JSON.stringify(s);
let toml = `# Sveriges kontur för kartan över nätverkets medlemmar (mallen map.html).
#
# GENERERAD FIL: ändra inte för hand. Skapas av tools/make-map-outline.mjs:
#   cd tools && npm ci && node make-map-outline.mjs
#
# Källa: Natural Earth (public domain, naturalearthdata.com), 1:50m för kartan och
# 1:10m för de förstorade utsnitten, via npm-paketet world-atlas ${atlasVersion}.
#
# Projektion (kartans enheter, y nedåt):
#   x = (lon - lon0) * kx
#   y = (lat0 - lat) * ky
# där kx = ky * cos(62°). width och height är kartans viewBox; width_sverige är bredden
# utan utrymmet för utsnitten (för små kartor utan utsnitt: viewBox 0 0 width_sverige height).
# path är Sveriges kontur, grannar (Norge, Finland, Danmark) ritas svagt som bakgrund.
#
# [[utsnitt]] är förstorade delar av kartan där medlemmarna ligger tätt. Ett utsnitt visar
# rutan lon_min..lon_max, lat_min..lat_max förstorad zoom gånger i en ram vid (x, y) med
# storleken width × height. vx, vy, vw, vh är rutan i kartans enheter (ramens viewBox).
# Medlemmar inom rutan ritas bara i utsnittet.

lon0 = ${LON0}
lat0 = ${LAT0}
kx = ${KX}
ky = ${KY}
width = ${WIDTH}
width_sverige = ${MAP_W}
height = ${HEIGHT}
path = ${q(toPath(sweden, 1))}
grannar = ${q(toPath(neighbours, 1))}
`;
for (const i of insets) {
  toml += `
[[utsnitt]]
nyckel = ${q(i.nyckel)}
lon_min = ${i.lon_min}
lon_max = ${i.lon_max}
lat_min = ${i.lat_min}
lat_max = ${i.lat_max}
zoom = ${i.zoom}
x = ${i.x}
y = ${i.y}
width = ${i.width}
height = ${i.height}
vx = ${i.vx}
vy = ${i.vy}
vw = ${i.vw}
vh = ${i.vh}
path = ${q(i.path)}
grannar = ${q(i.grannar)}
`;
}

writeFileSync(out, toml);
console.log(
  `wrote ${out}: ${(toml.length / 1024).toFixed(1)} kB, viewBox 0 0 ${WIDTH} ${HEIGHT}, ` +
    `${sweden.length} rings, insets ${insets.map((i) => `${i.nyckel} ${i.width}×${i.height}`).join(", ")}`,
);
