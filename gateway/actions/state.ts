// A screen's record: its view and history, and what is drawn over it (the
// help overlay, a caption, a pending confirmation, voice and power state).
import type { Action, Source } from './vocabulary.js';
import { HOME, type View } from './view.js';

export interface Pending {
  id: string;
  action: Action;
  source: Source;
  principal: string;
  /** What will be done, in both office languages. */
  label: { en: string; ko: string };
  expiresAt: number;
}

export interface ScreenRecord {
  view: View;
  history: View[];
  /** The view a camera was opened over (close-camera returns to it). */
  cameraReturn: View | null;
  source: Source | 'url' | 'init';
  principal: string;
  updatedAt: number;
  help: boolean;
  caption: { text: string; until: number } | null;
  pending: Pending | null;
  muted: boolean;
  listeningUntil: number | null;
  power: 'awake' | 'asleep';
  keepAwakeUntil: number | null;
}

export const HISTORY_MAX = 20;

export function freshRecord(): ScreenRecord {
  return {
    view: { ...HOME }, history: [], cameraReturn: null, source: 'init', principal: 'init', updatedAt: 0,
    help: false, caption: null, pending: null, muted: false, listeningUntil: null, power: 'awake', keepAwakeUntil: null,
  };
}

/** A stored record of any earlier version, completed with today's fields. */
export function upgradeRecord(stored: Partial<ScreenRecord> | null): ScreenRecord {
  const base = freshRecord();
  if (!stored || typeof stored !== 'object' || !stored.view) return base;
  return {
    ...base,
    ...stored,
    view: { ...HOME, ...stored.view },
    history: Array.isArray(stored.history) ? stored.history.map((v) => ({ ...HOME, ...v })) : [],
  };
}

/** What the bus, the local broker's state mirror and the API carry of a record. */
export function publicState(rec: ScreenRecord, nowMs: number) {
  return {
    ...rec.view,
    history: rec.history.length,
    source: rec.source,
    updatedAt: rec.updatedAt,
    help: rec.help,
    caption: rec.caption && rec.caption.until > nowMs ? rec.caption.text : null,
    pending: rec.pending ? { id: rec.pending.id, action: rec.pending.action.action, label: rec.pending.label, expiresAt: rec.pending.expiresAt } : null,
    muted: rec.muted,
    listening: rec.listeningUntil !== null && rec.listeningUntil > nowMs,
    power: rec.power,
  };
}
