import { describe, expect, it } from 'vitest';
import type { ChangeNotice } from '../../gateway/store/types.js';
import { anyMatches, type Dep, type PanelDecl } from '../fragments/types.js';
import { groupByKind, matchPanels } from './panel-match.js';

/** The rule, notice by notice and panel by panel, as the live views applied it before the index. */
function naive(decls: readonly PanelDecl[], notices: readonly ChangeNotice[]) {
  const now = new Set<string>();
  const later = new Set<string>();
  const figures = new Map<string, Set<string>>();
  for (const d of decls) {
    for (const n of notices) {
      if (anyMatches(d.figures, n)) {
        if (!figures.has(d.id)) figures.set(d.id, new Set());
        figures.get(d.id)!.add(n.key);
        later.add(d.id);
      } else if (anyMatches(d.deps, n)) now.add(d.id);
    }
  }
  return { now, later, figures };
}

const sorted = (m: { now: ReadonlySet<string>; later: ReadonlySet<string>; figures: ReadonlyMap<string, ReadonlySet<string>> }) => ({
  now: [...m.now].sort(),
  later: [...m.later].sort(),
  figures: [...m.figures].map(([k, v]) => [k, [...v].sort()]).sort(),
});

const KINDS: ChangeNotice['kind'][] = ['urban', 'incident', 'indicator-value', 'poll', 'pledge'];
const DISTRICTS = ['11110', '11230', '11680'];

/** A small deterministic random source (the same cases every run). */
function rng(seed: number) {
  let x = seed;
  return () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

function randomDep(r: () => number): Dep {
  const dep: Dep = {};
  if (r() < 0.8) dep.kind = KINDS[Math.floor(r() * KINDS.length)]!;
  if (r() < 0.3) dep.keyPrefix = `${dep.kind ?? 'urban'}:${r() < 0.5 ? 'pm25' : 'o3'}`;
  if (r() < 0.1) dep.key = `${dep.kind ?? 'urban'}:pm25:11230`;
  if (r() < 0.2) dep.district = DISTRICTS[Math.floor(r() * DISTRICTS.length)]!;
  return dep;
}

function randomNotice(r: () => number): ChangeNotice {
  const kind = KINDS[Math.floor(r() * KINDS.length)]!;
  const district = DISTRICTS[Math.floor(r() * DISTRICTS.length)]!;
  return { kind, key: `${kind}:${r() < 0.5 ? 'pm25' : 'o3'}:${district}`, ts: 't', district: r() < 0.9 ? district : undefined };
}

describe('matching a commit against a view\'s panels', () => {
  it('finds what the notice-by-notice rule finds, on 2,000 random panel lists and commits', () => {
    const r = rng(7);
    let touched = 0;
    for (let i = 0; i < 2000; i++) {
      const decls: PanelDecl[] = Array.from({ length: 1 + Math.floor(r() * 6) }, (_, j) => ({
        id: `p${j}`,
        deps: Array.from({ length: Math.floor(r() * 3) }, () => randomDep(r)),
        ...(r() < 0.5 ? { figures: Array.from({ length: 1 + Math.floor(r() * 2) }, () => randomDep(r)) } : {}),
      }));
      const notices = Array.from({ length: Math.floor(r() * 12) }, () => randomNotice(r));
      const expected = naive(decls, notices);
      // Twice: the second from the list's cached index.
      expect(sorted(matchPanels(decls, groupByKind(notices)))).toEqual(sorted(expected));
      expect(sorted(matchPanels(decls, groupByKind(notices)))).toEqual(sorted(expected));
      if (expected.now.size + expected.later.size > 0) touched++;
    }
    expect(touched).toBeGreaterThan(500); // the cases reach panels, not only misses
  });

  it('a panel with a figure for the key is patched, one with only a dependency is redrawn, one of another kind is left', () => {
    const decls: PanelDecl[] = [
      { id: 'map', deps: [{ kind: 'urban', keyPrefix: 'urban:pm25:' }], figures: [{ kind: 'urban', keyPrefix: 'urban:pm25:' }] },
      { id: 'list', deps: [{ kind: 'urban' }] },
      { id: 'any', deps: [{ district: '11230' }] },
      { id: 'polls', deps: [{ kind: 'poll' }] },
    ];
    const m = matchPanels(decls, groupByKind([
      { kind: 'urban', key: 'urban:pm25:11230', ts: 't', district: '11230' },
      { kind: 'urban', key: 'urban:o3:11110', ts: 't', district: '11110' },
    ]));
    expect(sorted(m)).toEqual({ now: ['any', 'list'], later: ['map'], figures: [['map', ['urban:pm25:11230']]] });
  });
});
