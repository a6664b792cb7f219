// The contract's example payloads (city-data-contract.md § Payloads), with
// times near "now" so nothing falls out of a retention window during a run.
import { kstIso } from '../../scripts/rig/payloads.js';

export const ROOT = 'scpm/v1';
const HOUR = 3_600_000;

export function at(offsetMs: number, base = Date.now()): string {
  return kstIso(base + offsetMs);
}

export const indicatorDef = () => ({
  id: 'employment-rate', name: { en: 'Employment rate', ko: '고용률' }, unit: '%',
  category: 'jobs', direction: 'up', target: 66.0, period: 'month',
});

export const indicatorValue = (ts = at(-HOUR)) => ({
  indicator: 'employment-rate', district: '11230', period: '2026-10', value: 61.2,
  breakdown: { gender: 'female', ageBand: '20-29' },
  history: [{ period: '2026-09', value: 60.8 }, { period: '2026-08', value: 60.5 }],
  ts,
});

export const urban = (value = 18, ts = at(-60_000)) => ({ metric: 'pm25', district: '11230', value, unit: 'ug/m3', ts });

export const incident = (status = 'dispatched', ts = at(-30 * 60_000)) => ({
  id: 'inc-20261123-0042', kind: 'fire', title: 'Building fire, 3rd floor', severity: 3,
  district: '11230', location: { lat: 37.4979, lon: 127.0276, address: 'Gangnam-daero 396' },
  status, receivedAt: at(-40 * 60_000), dispatchedAt: at(-35 * 60_000), onSceneAt: null, closedAt: null,
  units: ['Gangnam fire station 2'], ts,
});

export const complaint = (id = 'cmp-88213', extra: Record<string, unknown> = {}, ts = at(-2 * HOUR)) => ({
  id, kind: 'complaint', category: 'illegal-parking', district: '11040',
  summary: 'Truck blocking the school gate every morning', channel: 'app',
  status: 'received', reportedAt: at(-3 * HOUR), receivedAt: at(-2 * HOUR), handledAt: null,
  department: 'Traffic Division', ts, ...extra,
});

export const poll = (ts = at(-10 * 60_000)) => ({
  id: 'poll-311', title: 'Name for the new riverside park', kind: 'policy', visibility: 'public', status: 'open',
  opensAt: at(-72 * HOUR), closesAt: at(7 * 24 * HOUR), totalVoters: 18422,
  options: [{ id: 'a', label: 'Hangang Green', votes: 9120 }, { id: 'b', label: 'Riverside Commons', votes: 9302 }],
  ts,
});

export const pledge = (ts = at(-24 * HOUR)) => ({
  id: 'pledge-07', title: '100,000 public rental homes', area: 'housing', progress: 63, status: 'on-track',
  budget: { allocated: 1200000000000, executed: 702000000000, currency: 'KRW' }, ts,
});

export const trend = (ts = at(-HOUR)) => ({
  id: 'fine-dust', keyword: { en: 'fine dust', ko: '미세먼지' }, mentions: 1840, sentiment: -0.42, window: '1h', ts,
});

export const orderStatus = (orderId: string, status = 'in-progress', ts = at(0)) => ({
  orderId, status, note: 'Assigned to the fire department', by: 'Fire Safety Division', ts,
});

export const topics = {
  indicatorDef: (id: string) => `${ROOT}/catalog/indicators/${id}`,
  indicator: (id: string, district: string, gender: string, ageBand: string) => `${ROOT}/indicators/${id}/${district}/${gender}/${ageBand}`,
  urban: (metric: string, district: string) => `${ROOT}/urban/${metric}/${district}`,
  entity: (plural: 'incidents' | 'complaints' | 'polls' | 'pledges' | 'trends', id: string) => `${ROOT}/${plural}/${id}`,
  orderStatus: (officeId: string, orderId: string) => `${ROOT}/offices/${officeId}/order-status/${orderId}`,
  orders: (officeId: string) => `${ROOT}/offices/${officeId}/orders`,
};
