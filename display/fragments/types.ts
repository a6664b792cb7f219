import type { ChangeNotice } from '../../gateway/store/types.js';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { RenderCtx } from '../context.js';

/**
 * One store change a panel depends on, as data (never read from the store):
 * every given field must match the notice (kind, exact key, key prefix, district).
 */
export interface Dep {
  kind?: ChangeNotice['kind'];
  key?: string;
  keyPrefix?: string;
  district?: string;
}

/**
 * What a panel is and depends on, known from the view alone. `figures`: the
 * changes the panel shows as single live figures (`data-key`), which can be
 * patched on the wall one by one before the rest of the panel follows.
 */
export interface PanelDecl {
  id: string;
  deps: readonly Dep[];
  figures?: readonly Dep[];
}

/**
 * A figure that is one element with text, as data: its tag, attributes and text. The wall sets these attributes
 * (removing any other) and this text on the element in place (display/sse/figure-patch.ts).
 */
export interface FigureEdit { tag: string; attrs: Record<string, string>; text: string }

/** A panel of a page: its declaration, how to draw it, and (optionally) one of its figures alone. */
export interface PanelDef extends PanelDecl {
  render: (oob: boolean) => JSX.Element;
  /**
   * The figure element for `key` exactly as `render` draws it (or that element as an edit, when `render` draws it
   * from the same data), or null when this panel does not show it now.
   */
  figure?: (key: string) => JSX.Element | FigureEdit | null;
}

/** A page's panel before it is built: its declaration and how to build it for a render. */
export interface PanelSpec extends PanelDecl {
  build(ctx: RenderCtx): PanelDef & { subCount?: number };
}

export const byKind = (...kinds: ChangeNotice['kind'][]): Dep[] => kinds.map((kind) => ({ kind }));

export function depMatches(d: Dep, n: ChangeNotice): boolean {
  return (d.kind === undefined || d.kind === n.kind)
    && (d.key === undefined || d.key === n.key)
    && (d.keyPrefix === undefined || n.key.startsWith(d.keyPrefix))
    && (d.district === undefined || d.district === n.district);
}

export const anyMatches = (deps: readonly Dep[] | undefined, n: ChangeNotice): boolean => !!deps && deps.some((d) => depMatches(d, n));

/** A spec from a declaration and its builder (the builder's panel carries the same declaration). */
export function spec(decl: PanelDecl, build: (ctx: RenderCtx) => PanelDef & { subCount?: number }): PanelSpec {
  return { ...decl, build };
}
