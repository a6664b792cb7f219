// Entities that come and go (incidents, complaints) are laid on a grid of time
// slots: slot k holds at most one entity, whose whole life (arrival, each status
// change, when its retained message is cleared) is drawn from (seed, kind, k).
// The state at any instant, and what changed between two instants, are then pure
// functions of time: restarts reproduce the same ids, nothing is kept in memory.

/** One entity's planned life: instants in ms. */
export interface Plan {
  /** When it first appears. */
  readonly start: number;
  /** Every instant its published state changes, `start` included, ascending. */
  readonly changes: readonly number[];
  /** When its retained message is cleared (after its last change). */
  readonly clearAt: number;
}

/** What to publish for one entity: its state, or null to clear its retained message. */
export interface Change<P> { readonly id: string; readonly payload: P | null }

export interface TimelineSource<T extends Plan, P> {
  /** Slot length in ms. */
  readonly slotMs: number;
  /** How long an entity stays retained after it appears (bounds the slots to scan). */
  readonly keepMs: number;
  plan(slot: number): T | null;
  id(plan: T): string;
  state(plan: T, atMs: number): P;
}

function slotsBetween(fromMs: number, toMs: number, slotMs: number): number[] {
  const out: number[] = [];
  for (let k = Math.floor(fromMs / slotMs); k <= Math.floor(toMs / slotMs); k++) out.push(k);
  return out;
}

/** Entities retained at `now`: those that appeared in (now − keep, now]. */
export function snapshotAt<T extends Plan, P>(src: TimelineSource<T, P>, nowMs: number): Change<P>[] {
  const out: Change<P>[] = [];
  for (const k of slotsBetween(nowMs - src.keepMs - src.slotMs, nowMs, src.slotMs)) {
    const plan = src.plan(k);
    if (plan && plan.start <= nowMs && plan.clearAt > nowMs) out.push({ id: src.id(plan), payload: src.state(plan, nowMs) });
  }
  return out;
}

/** What changed in (from, to]: new states as of `to`, and clears. */
export function changesBetween<T extends Plan, P>(src: TimelineSource<T, P>, fromMs: number, toMs: number): Change<P>[] {
  const out: Change<P>[] = [];
  if (toMs <= fromMs) return out;
  for (const k of slotsBetween(fromMs - src.keepMs - src.slotMs, toMs, src.slotMs)) {
    const plan = src.plan(k);
    if (!plan || plan.start > toMs) continue;
    if (plan.clearAt > fromMs && plan.clearAt <= toMs) out.push({ id: src.id(plan), payload: null });
    else if (plan.clearAt > toMs && plan.changes.some((t) => t > fromMs && t <= toMs)) out.push({ id: src.id(plan), payload: src.state(plan, toMs) });
  }
  return out;
}
