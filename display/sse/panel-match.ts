// Which panels of a view a commit's changes touch: as single figures (patched
// now, the panel redrawn later) or as the panel itself. A view's panel list is
// static and shared by every view of the same page (display/app/live.tsx), so
// the match is made once per list and commit, and each panel skips the kinds
// none of its dependencies name (a flood's commit carries ~100 notices).
import type { ChangeNotice } from '../../gateway/store/types.js';
import { anyMatches, type Dep, type PanelDecl } from '../fragments/types.js';

export interface PanelMatch {
  /** Panels to redraw (a change no figure of theirs shows). */
  now: ReadonlySet<string>;
  /** Panels whose figures changed: redrawn behind the figure patches. */
  later: ReadonlySet<string>;
  /** Per panel, the keys of its changed figures. */
  figures: ReadonlyMap<string, ReadonlySet<string>>;
}

type Kind = ChangeNotice['kind'];
const names = (deps: readonly Dep[] | undefined, kind: Kind) => !!deps && deps.some((d) => d.kind === undefined || d.kind === kind);

/** Per panel list, per kind: the panels that can match a notice of that kind at all. */
const byKind = new WeakMap<readonly PanelDecl[], Map<Kind, PanelDecl[]>>();

function panelsFor(decls: readonly PanelDecl[], kind: Kind): PanelDecl[] {
  let index = byKind.get(decls);
  if (!index) byKind.set(decls, (index = new Map()));
  let list = index.get(kind);
  if (!list) index.set(kind, (list = decls.filter((d) => names(d.figures, kind) || names(d.deps, kind))));
  return list;
}

/** The notices of one commit, grouped by kind (most commits carry one kind). */
export function groupByKind(notices: readonly ChangeNotice[]): Map<Kind, ChangeNotice[]> {
  const out = new Map<Kind, ChangeNotice[]>();
  for (const n of notices) {
    const list = out.get(n.kind);
    if (list) list.push(n);
    else out.set(n.kind, [n]);
  }
  return out;
}

/** The match of one panel list against one commit's notices (grouped by `groupByKind`). */
export function matchPanels(decls: readonly PanelDecl[], byKindOfCommit: ReadonlyMap<Kind, readonly ChangeNotice[]>): PanelMatch {
  const now = new Set<string>();
  const later = new Set<string>();
  const figures = new Map<string, Set<string>>();
  for (const [kind, notices] of byKindOfCommit) {
    for (const d of panelsFor(decls, kind)) {
      const hasFigures = names(d.figures, kind);
      for (const n of notices) {
        if (hasFigures && anyMatches(d.figures, n)) {
          let keys = figures.get(d.id);
          if (!keys) figures.set(d.id, (keys = new Set()));
          keys.add(n.key);
          later.add(d.id);
        } else if (!now.has(d.id) && anyMatches(d.deps, n)) {
          now.add(d.id);
          if (!hasFigures) break; // the panel is redrawn whole: its other notices add nothing
        }
      }
    }
  }
  return { now, later, figures };
}
