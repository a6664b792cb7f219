// A view's URL: a screen's view (gateway/actions/view.ts) to and from a path.
import { HOME, TOP_PAGES, view, sameView, type PageName, type TopPage, type View } from '../gateway/actions/view.js';

export { HOME, TOP_PAGES, view, sameView, type PageName, type TopPage, type View };

const SLUG = /^[A-Za-z0-9_.-]{1,64}$/;
const CODE = /^\d{5}$/;
const ITEM = /^(incident|complaint|poll|pledge|indicator):[A-Za-z0-9_.-]{1,128}$/;
const CAMERA = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** Path of a view (without the mirror prefix). A camera open on a view is /cameras/{id}. */
export function viewPath(v: View, withQuery = true): string {
  if (v.camera) return `/cameras/${encodeURIComponent(v.camera)}`;
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

function decodeSegment(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

/** Parses a page path (+ query) into a view; null when it is not a display page. */
export function parseView(path: string, query: Record<string, string | undefined> = {}): View | null {
  const parts: string[] = [];
  for (const segment of path.replace(/\/+$/, '').split('/').filter(Boolean)) {
    const decoded = decodeSegment(segment);
    if (decoded === null) return null; // not percent-encoding: no page (a public ?path= is anyone's text)
    parts.push(decoded);
  }
  let v: View | null = null;
  const [a, b, c] = parts;
  if (parts.length === 0) v = view({});
  else if (parts.length === 1 && (a === 'urban' || a === 'opinion' || a === 'admin' || a === 'pledges' || a === 'cameras')) v = view({ page: a });
  else if (parts.length === 2 && a === 'cameras' && CAMERA.test(b!)) v = view({ page: 'cameras', camera: b! });
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
