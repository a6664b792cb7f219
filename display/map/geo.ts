// District geometry: the shipped GeoJSON (WGS84) projected once to compact SVG
// paths (equirectangular at Seoul's latitude, Douglas–Peucker simplified,
// integer coordinates), cached for the life of the process.
import { readFileSync } from 'node:fs';
import { displayFile } from '../files.js';

/** The office's map, under display/ (shipped with the display, not configurable). */
const MAP_FILE = 'data/seoul-districts.geojson';

export interface DistrictShape {
  code: string;
  nameKo: string;
  nameEn: string;
  /** SVG path data in the map's viewBox. */
  d: string;
  /** Label anchor (area centroid of the polygon), viewBox units. */
  cx: number;
  cy: number;
}

export interface DistrictMap { width: number; height: number; shapes: DistrictShape[] }

type Pt = [number, number];

export const MAP_WIDTH = 1000;
const TOLERANCE = 1.2; // viewBox units (the map is drawn ~500-900 CSS px wide)

function perpDist(p: Pt, a: Pt, b: Pt): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len = Math.hypot(dx, dy);
  if (len === 0) return Math.hypot(p[0] - a[0], p[1] - a[1]);
  return Math.abs(dy * p[0] - dx * p[1] + b[0] * a[1] - b[1] * a[0]) / len;
}

/** Douglas–Peucker, iterative. */
export function simplify(points: Pt[], tol: number): Pt[] {
  if (points.length <= 3) return points;
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const stack: [number, number][] = [[0, points.length - 1]];
  while (stack.length) {
    const [s, e] = stack.pop()!;
    let max = 0;
    let idx = -1;
    for (let i = s + 1; i < e; i++) {
      const d = perpDist(points[i]!, points[s]!, points[e]!);
      if (d > max) { max = d; idx = i; }
    }
    if (max > tol && idx > 0) {
      keep[idx] = 1;
      stack.push([s, idx], [idx, e]);
    }
  }
  return points.filter((_, i) => keep[i]);
}

function centroid(ring: Pt[]): Pt {
  let a = 0, cx = 0, cy = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x0, y0] = ring[i]!;
    const [x1, y1] = ring[(i + 1) % ring.length]!;
    const f = x0 * y1 - x1 * y0;
    a += f; cx += (x0 + x1) * f; cy += (y0 + y1) * f;
  }
  if (a === 0) return ring[0] ?? [0, 0];
  return [cx / (3 * a), cy / (3 * a)];
}

interface Feature { properties: { code: string; name: string; name_eng: string }; geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown } }

export function buildMap(geojson: { features: Feature[] }, width = MAP_WIDTH): DistrictMap {
  const polys = geojson.features.map((f) => ({
    f,
    polygons: (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates) as Pt[][][],
  }));
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (const { polygons } of polys) for (const poly of polygons) for (const [lon, lat] of poly[0]!) {
    minX = Math.min(minX, lon); maxX = Math.max(maxX, lon); minY = Math.min(minY, lat); maxY = Math.max(maxY, lat);
  }
  const k = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  const pad = 8;
  const scale = (width - 2 * pad) / ((maxX - minX) * k);
  const height = Math.ceil((maxY - minY) * scale + 2 * pad);
  const project = ([lon, lat]: Pt): Pt => [pad + (lon - minX) * k * scale, pad + (maxY - lat) * scale];
  const shapes = polys.map(({ f, polygons }) => {
    let d = '';
    let biggest: Pt[] = [];
    for (const poly of polygons) {
      for (const ring of poly) {
        const projected = ring.map(project);
        if (projected.length > biggest.length) biggest = projected;
        const pts = simplify(projected, TOLERANCE).map(([x, y]) => [Math.round(x), Math.round(y)] as Pt);
        const dedup = pts.filter((p, i) => i === 0 || p[0] !== pts[i - 1]![0] || p[1] !== pts[i - 1]![1]);
        if (dedup.length < 3) continue;
        d += 'M' + dedup.map((p, i) => {
          if (i === 0) return `${p[0]} ${p[1]}`;
          const q = dedup[i - 1]!;
          return `l${p[0] - q[0]} ${p[1] - q[1]}`;
        }).join('') + 'z';
      }
    }
    d = d.replace(/l(-?\d+) (-?\d+)(?=l)/g, 'l$1 $2 ').replace(/ l/g, ' ').replace(/l(-?\d+) (-?\d+) /g, 'l$1 $2 ');
    const [cx, cy] = centroid(biggest);
    return { code: f.properties.code, nameKo: f.properties.name, nameEn: f.properties.name_eng, d, cx: Math.round(cx), cy: Math.round(cy) };
  }).sort((a, b) => byCode(a.code, b.code));
  return { width, height, shapes };
}

// District codes are fixed-width digit strings: code-unit order is their
// order. localeCompare would build ICU's collator (~2 MiB of its data resident)
// at start-up, when the voice catalogue first asks for the districts.
function byCode(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

let cached: DistrictMap | null = null;

/** The projected, simplified map of Seoul's 25 districts (built on first use, then cached). */
export function districtMap(): DistrictMap {
  if (!cached) {
    cached = buildMap(JSON.parse(readFileSync(displayFile(MAP_FILE), 'utf8')) as { features: Feature[] });
  }
  return cached;
}

export interface DistrictName { code: string; nameKo: string; nameEn: string }

let centres: Map<string, { lat: number; lon: number }> | null = null;

/** A district's centre in WGS84 (the mean of its outline's vertices): where "the nearest camera" is measured from. */
export function districtCentre(code: string): { lat: number; lon: number } | null {
  if (!centres) {
    centres = new Map();
    const geo = JSON.parse(readFileSync(displayFile(MAP_FILE), 'utf8')) as { features: { properties: { code: string }; geometry: { coordinates: unknown } }[] };
    for (const f of geo.features) {
      const pts: number[][] = [];
      const walk = (c: unknown): void => {
        if (Array.isArray(c) && typeof c[0] === 'number') pts.push(c as number[]);
        else if (Array.isArray(c)) c.forEach(walk);
      };
      walk(f.geometry.coordinates);
      if (pts.length) centres.set(f.properties.code, { lon: pts.reduce((a, p) => a + p[0]!, 0) / pts.length, lat: pts.reduce((a, p) => a + p[1]!, 0) / pts.length });
    }
  }
  return centres.get(code) ?? null;
}

/** The 25 districts, by code. */
export function districts(): DistrictName[] {
  return districtMap().shapes.map(({ code, nameKo, nameEn }) => ({ code, nameKo, nameEn }));
}

export function districtName(code: string): DistrictName | undefined {
  return districtMap().shapes.find((s) => s.code === code);
}
