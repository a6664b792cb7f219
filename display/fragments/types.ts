import type { ChangeNotice } from '../../gateway/store/types.js';
import type { JSX } from 'hono/jsx/jsx-runtime';

/** A panel of a page: a stable DOM id, what store changes affect it, and how to draw it. */
export interface PanelDef {
  id: string;
  deps: (n: ChangeNotice) => boolean;
  render: (oob: boolean) => JSX.Element;
}

export const byKind = (...kinds: ChangeNotice['kind'][]) => (n: ChangeNotice) => kinds.includes(n.kind);
