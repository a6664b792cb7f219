// What the actions service needs to know of the display's data, given to it
// (the display implements it over the store and its page models), so the
// service never imports the display.
import type { View } from './view.js';

export interface LatLon { lat: number; lon: number }

export interface Navigator {
  /** Sub-pages of a view on the wall. */
  subCount(v: View): number;
  /** Indicator categories, in their order on the wall. */
  categories(): string[];
  itemExists(item: string): boolean;
  /** The first item of the page's main list (e.g. the newest open incident), or null. */
  firstItem(v: View): string | null;
  /** District codes in their order on the wall. */
  districts(): string[];
  /** Metrics the view's map can show, in order. */
  metrics(v: View): string[];
  /** Where an item is (an incident's location), or null. */
  itemLocation(item: string): LatLon | null;
  districtCentre(code: string): LatLon | null;
}

/** Great-circle distance in metres. */
export function distanceM(a: LatLon, b: LatLon): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
}
