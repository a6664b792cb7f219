// A batch of validated city messages into their tables (inside one
// transaction): what changed, as notices for the display, and how many
// messages changed nothing (redeliveries, older updates).
import type { CityMessage } from '../contract/messages.js';
import type { CityEntities } from './entities.js';
import { MAX_INDICATOR_DEFS, MAX_INDICATOR_SERIES, type Indicators } from './indicators.js';
import type { OrderTable } from './orders.js';
import { MAX_URBAN_SERIES, type UrbanReadings } from './urban.js';
import { isoToMs } from './time.js';
import type { ChangeNotice } from './types.js';

export interface CityTables { entities: CityEntities; urban: UrbanReadings; indicators: Indicators; orders: OrderTable }

/** A message the store would not keep (its table is at its bound): `index` in the batch. */
export interface RefusedMessage { index: number; reason: 'table-full' | 'unknown-order'; detail: string }

export interface Applied { notices: ChangeNotice[]; unchanged: number; refused: RefusedMessage[] }

export function applyCityMessages(t: CityTables, items: readonly { message: CityMessage; receivedMs: number }[]): Applied {
  const notices: ChangeNotice[] = [];
  const refused: RefusedMessage[] = [];
  let unchanged = 0;
  const urban = t.urban.batch();
  for (let index = 0; index < items.length; index++) {
    const { message, receivedMs } = items[index]!;
    if (message.kind === 'urban') {
      if (!urban.add(message.data, isoToMs(message.data.ts), receivedMs)) {
        refused.push({ index, reason: 'table-full', detail: `urban series are at their bound (${MAX_URBAN_SERIES}): a new metric or district is refused, known ones still update` });
      }
      continue;
    }
    if (message.kind === 'indicator-value' && !t.indicators.hasRoomForValue(message.data)) {
      refused.push({ index, reason: 'table-full', detail: `indicator value series are at their bound (${MAX_INDICATOR_SERIES}): a new indicator, district or breakdown is refused, known ones still update` });
      continue;
    }
    // An answer about an order this office does not hold (never sent, or pruned) would be kept for 30 days, one row per made-up id.
    if (message.kind === 'order-status' && !t.orders.holds(message.data.orderId)) {
      refused.push({ index, reason: 'unknown-order', detail: 'no order of this office has this id' });
      continue;
    }
    if (message.kind === 'indicator-def' && !t.indicators.hasRoomFor(message.data.id)) {
      refused.push({ index, reason: 'table-full', detail: `indicator definitions are at their bound (${MAX_INDICATOR_DEFS}): a new id is refused, known ones still update` });
      continue;
    }
    const notice = applyOne(t, message, receivedMs);
    if (notice) notices.push(notice);
    else unchanged++;
  }
  notices.push(...urban.finish());
  return { notices, unchanged: unchanged + urban.unchanged, refused };
}

function applyOne(t: CityTables, msg: Exclude<CityMessage, { kind: 'urban' }>, receivedMs: number): ChangeNotice | null {
  switch (msg.kind) {
    case 'indicator-def': {
      const d = msg.data;
      return t.indicators.upsertDef(d, d.ts ? isoToMs(d.ts) : 0, receivedMs) ? { kind: msg.kind, key: `indicator-def:${d.id}`, ts: d.ts ?? '' } : null;
    }
    case 'indicator-value': {
      const d = msg.data;
      const { gender, ageBand } = d.breakdown;
      const suffix = gender === 'all' && ageBand === 'all' ? '' : `:${gender}:${ageBand}`;
      return t.indicators.upsertValue(d, isoToMs(d.ts), receivedMs) ? { kind: msg.kind, key: `indicator:${d.indicator}:${d.district}${suffix}`, ts: d.ts, district: d.district } : null;
    }
    case 'order-status': {
      const d = msg.data;
      // Orders are never on the public mirror.
      return t.orders.applyStatus(d, isoToMs(d.ts), receivedMs) ? { kind: msg.kind, key: `order:${d.orderId}`, ts: d.ts, private: true } : null;
    }
    default: {
      const d = msg.data as { id: string; ts: string; status?: string; district?: string };
      // A private poll's change is the office's alone; one that was public until now also tells the public views
      // to drop it. Only a private poll's message costs this look back (one row by its key).
      const hidden = msg.kind === 'poll' && msg.data.visibility === 'private' && t.entities.pollVisibility(d.id) !== 'public';
      if (!t.entities.upsert(msg.kind, d, isoToMs(d.ts), receivedMs)) return null;
      const key = `${msg.kind}:${d.id}`;
      return hidden ? { kind: msg.kind, key, ts: d.ts, district: d.district, private: true } : { kind: msg.kind, key, ts: d.ts, district: d.district };
    }
  }
}
