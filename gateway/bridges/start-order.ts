// The order bridges start in: each after the bridges providing what it needs
// (stopped in reverse).
import type { AnyDescriptor } from './types.js';

/** Orders descriptors so that each comes after those providing what it needs; throws on a cycle. */
export function startOrder<D extends Pick<AnyDescriptor, 'name' | 'provides' | 'needs'>>(list: readonly D[]): D[] {
  const providers = new Map<string, D>();
  for (const d of list) for (const p of d.provides ?? []) providers.set(p, d);
  const out: D[] = [];
  const state = new Map<D, 'visiting' | 'done'>();
  const visit = (d: D, path: string[]) => {
    if (state.get(d) === 'done') return;
    if (state.get(d) === 'visiting') throw new Error(`bridges need each other in a cycle: ${[...path, d.name].join(' → ')}`);
    state.set(d, 'visiting');
    for (const n of d.needs ?? []) {
      const p = providers.get(n);
      if (p && p !== d) visit(p, [...path, d.name]);
    }
    state.set(d, 'done');
    out.push(d);
  };
  for (const d of list) visit(d, []);
  return out;
}
