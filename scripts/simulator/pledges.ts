// The mayor's pledges: progress and budget execution. Pledges move slowly (a
// tenth of a point a day when on track), from figures set as of the run's start.
import { DAY, isoKst } from './time.js';

export type PledgeStatus = 'on-track' | 'at-risk' | 'delayed' | 'done';

export interface PledgePayload {
  id: string;
  title: string;
  area: string;
  progress: number;
  status: PledgeStatus;
  budget: { allocated: number; executed: number; currency: 'KRW' };
  ts: string;
}

interface PledgeSpec {
  readonly id: string;
  readonly title: string;
  readonly area: string;
  /** Progress, %, at the run's start. */
  readonly progress: number;
  readonly status: PledgeStatus;
  /** KRW. */
  readonly allocated: number;
  /** Share of the allocation executed at the run's start. */
  readonly executed: number;
}

const TRILLION = 1_000_000_000_000;
const BILLION = 1_000_000_000;

export const PLEDGES: readonly PledgeSpec[] = [
  { id: 'pledge-01', title: '100,000 public rental homes', area: 'housing', progress: 63, status: 'on-track', allocated: 1.2 * TRILLION, executed: 0.585 },
  { id: 'pledge-02', title: 'Rent support for 50,000 young tenants', area: 'welfare', progress: 71, status: 'on-track', allocated: 210 * BILLION, executed: 0.68 },
  { id: 'pledge-03', title: 'Climate companion card: one pass for all public transport', area: 'transport', progress: 88, status: 'on-track', allocated: 150 * BILLION, executed: 0.84 },
  { id: 'pledge-04', title: 'Gyeongbu expressway underground, linear park above', area: 'transport', progress: 18, status: 'delayed', allocated: 1.9 * TRILLION, executed: 0.09 },
  { id: 'pledge-05', title: 'Great Hangang project: parks, ferries, swimming', area: 'environment', progress: 41, status: 'at-risk', allocated: 590 * BILLION, executed: 0.33 },
  { id: 'pledge-06', title: '1,000 garden spaces, one in every neighbourhood', area: 'environment', progress: 57, status: 'on-track', allocated: 340 * BILLION, executed: 0.52 },
  { id: 'pledge-07', title: 'AI-enabled safety cameras in every alley', area: 'safety', progress: 74, status: 'on-track', allocated: 210 * BILLION, executed: 0.7 },
  { id: 'pledge-08', title: 'Dignity income pilot for 1,600 households', area: 'welfare', progress: 100, status: 'done', allocated: 110 * BILLION, executed: 0.97 },
  { id: 'pledge-09', title: 'Seoul kids cafés in all 425 neighbourhoods', area: 'welfare', progress: 66, status: 'on-track', allocated: 130 * BILLION, executed: 0.6 },
  { id: 'pledge-10', title: 'Move 20,000 households out of semi-basement homes', area: 'housing', progress: 35, status: 'delayed', allocated: 450 * BILLION, executed: 0.27 },
  { id: 'pledge-11', title: '50,000 paid internships for young people', area: 'jobs', progress: 52, status: 'at-risk', allocated: 180 * BILLION, executed: 0.49 },
  { id: 'pledge-12', title: 'One app for every civil service', area: 'administration', progress: 81, status: 'on-track', allocated: 90 * BILLION, executed: 0.78 },
];

const SPEED_PER_DAY: Record<PledgeStatus, number> = { 'on-track': 0.1, 'at-risk': 0.05, delayed: 0.02, done: 0 };

/** Budget figures are reported in units of 100 million won (억). */
const EOK = 100_000_000;

export function pledgeAt(spec: PledgeSpec, nowMs: number, sinceMs: number, rate = 1): PledgePayload {
  const days = (Math.max(0, nowMs - sinceMs) / DAY) * rate;
  const progress = Math.min(100, spec.progress + SPEED_PER_DAY[spec.status] * days);
  const status = progress >= 100 ? 'done' : spec.status;
  const executedShare = Math.min(1, spec.executed + ((progress - spec.progress) / 100) * 0.9);
  return {
    id: spec.id, title: spec.title, area: spec.area, progress: Math.round(progress * 10) / 10, status,
    budget: { allocated: spec.allocated, executed: Math.round((spec.allocated * executedShare) / EOK) * EOK, currency: 'KRW' },
    ts: isoKst(nowMs),
  };
}
