// A figure patch's body on the wire: the figure's element as HTML, or, when
// that element is one tag with quoted attributes and text only (a map label,
// most figures), an edit: its tag, attributes and text. The wall applies an
// edit to the element in place (setAttribute, textContent) instead of parsing
// HTML, a fraction of a frame's work less per value
// (docs/decisions/2026-11-29-live-path.md, point 10). A panel may give its
// figure as an edit already (a map label: `FigureEdit` in fragments/types.ts).
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { FigureEdit } from '../fragments/types.js';

export type FigureBody = string | FigureEdit;

/** A figure patch row: the panel, the figure's key, and its body. */
export type FigureRow = [panelId: string, key: string, body: FigureBody];

const ONE_ELEMENT = /^<([a-z][a-z0-9-]*)((?:\s+[a-z][a-z0-9:-]*="[^"<>]*")*)\s*>([^<>]*)<\/\1>$/;
const ATTR = /\s+([a-z][a-z0-9:-]*)="([^"<>]*)"/g;
const ENTITY = /&(?:amp|lt|gt|quot|#39);|&/g;
const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** The text of escaped HTML (hono's and escapeHtml's five entities); null when it holds any other `&`. */
function unescape(s: string): string | null {
  if (!s.includes('&')) return s;
  let ok = true;
  const out = s.replace(ENTITY, (e) => {
    const c = ENTITIES[e];
    if (c === undefined) ok = false;
    return c ?? e;
  });
  return ok ? out : null;
}

/** Whether a panel's figure came as an edit already (else it is a JSX element, to render). */
const isFigureEdit = (x: unknown): x is FigureEdit =>
  typeof x === 'object' && x !== null && typeof (x as FigureEdit).tag === 'string' && typeof (x as FigureEdit).text === 'string'
  && typeof (x as FigureEdit).attrs === 'object' && (x as FigureEdit).attrs !== null;

/** The body to send for a figure's HTML: an edit when the HTML is one element with text only, else the HTML. */
export function figureBody(html: string): FigureBody {
  const m = ONE_ELEMENT.exec(html);
  if (!m) return html;
  const text = unescape(m[3]!);
  if (text === null) return html;
  const attrs: Record<string, string> = {};
  for (const a of m[2]!.matchAll(ATTR)) {
    const v = unescape(a[2]!);
    if (v === null || Object.hasOwn(attrs, a[1]!)) return html;
    attrs[a[1]!] = v;
  }
  return { tag: m[1]!, attrs, text };
}

/** The body for what a panel's `figure` gave: an edit as it is, an element rendered and read as above. */
export function figureBodyOf(el: JSX.Element | FigureEdit): FigureBody {
  return isFigureEdit(el) ? el : figureBody(String(el));
}
