// A view: which page a screen shows. Converts to and from URLs.
export const TOP_PAGES = ['overview', 'urban', 'opinion', 'admin', 'pledges'] as const;
export type TopPage = (typeof TOP_PAGES)[number];
export type PageName = TopPage | 'district';

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
}

export const HOME: View = { page: 'overview', district: null, category: null, sub: 0, open: null, metric: null };

const SLUG = /^[A-Za-z0-9_.-]{1,64}$/;
const CODE = /^\d{5}$/;
const ITEM = /^(incident|complaint|poll|pledge|indicator):[A-Za-z0-9_.-]{1,128}$/;

export function view(v: Partial<View>): View {
  return { ...HOME, ...v };
}

/** Path of a view (without the mirror prefix). */
export function viewPath(v: View, withQuery = true): string {
  let path = '/';
  switch (v.page) {
    case 'overview': path = '/'; break;
    case 'admin': path = v.category ? `/admin/${encodeURIComponent(v.category)}` : '/admin'; break;
    case 'district': path = `/district/${v.district ?? ''}${v.category ? `/${encodeURIComponent(v.category)}` : ''}`; break;
    default: path = `/${v.page}`;
  }
  if (!withQuery) return path;
  const q = new URLSearchParams();
  if (v.sub > 0) q.set('p', String(v.sub + 1));
  if (v.open) q.set('open', v.open);
  if (v.metric) q.set('metric', v.metric);
  const qs = q.toString();
  return qs ? `${path}?${qs}` : path;
}

/** Parses a page path (+ query) into a view; null when it is not a display page. */
export function parseView(path: string, query: Record<string, string | undefined> = {}): View | null {
  const parts = path.replace(/\/+$/, '').split('/').filter(Boolean).map((s) => decodeURIComponent(s));
  let v: View | null = null;
  const [a, b, c] = parts;
  if (parts.length === 0) v = view({});
  else if (parts.length === 1 && (a === 'urban' || a === 'opinion' || a === 'admin' || a === 'pledges')) v = view({ page: a });
  else if (parts.length === 2 && a === 'admin' && SLUG.test(b!)) v = view({ page: 'admin', category: b! });
  else if ((parts.length === 2 || parts.length === 3) && a === 'district' && CODE.test(b!) && (c === undefined || SLUG.test(c))) {
    v = view({ page: 'district', district: b!, category: c ?? null });
  }
  if (!v) return null;
  const p = Number(query.p);
  if (Number.isInteger(p) && p >= 1 && p <= 100) v.sub = p - 1;
  if (query.open && ITEM.test(query.open)) v.open = query.open;
  if (query.metric && SLUG.test(query.metric)) v.metric = query.metric;
  return v;
}

export function sameView(a: View, b: View): boolean {
  return a.page === b.page && a.district === b.district && a.category === b.category && a.sub === b.sub && a.open === b.open && a.metric === b.metric;
}
