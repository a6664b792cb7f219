// A view: which page a screen shows (the URL forms are the display's, in
// display/view.ts). A camera open on a screen is part of its view.
import { TOP_PAGES } from './vocabulary.js';

export { TOP_PAGES };
export type TopPage = (typeof TOP_PAGES)[number];
export type PageName = TopPage | 'district' | 'cameras';

export interface View {
  page: PageName;
  district: string | null;
  category: string | null;
  /** Sub-page (0-based) when a page holds more than fits the wall. */
  sub: number;
  /** An open item: incident:ID, complaint:ID, poll:ID, pledge:ID, indicator:ID. */
  open: string | null;
  /** Map metric (overview/urban choropleth). */
  metric: string | null;
  /** A camera shown full screen (over this view). */
  camera: string | null;
}

export const HOME: View = { page: 'overview', district: null, category: null, sub: 0, open: null, metric: null, camera: null };

export function view(v: Partial<View>): View {
  return { ...HOME, ...v };
}

export function sameView(a: View, b: View): boolean {
  return a.page === b.page && a.district === b.district && a.category === b.category && a.sub === b.sub && a.open === b.open && a.metric === b.metric && a.camera === b.camera;
}
