// Six polls with tallies that grow while they are open. Votes are the integral of
// a vote rate that swings over the day (people vote in the evening, not at 4 a.m.),
// so a tally is a pure, never-decreasing function of time. Poll windows are placed
// relative to the KST day the simulator started (`since`), so tallies keep
// growing through a run and a restart on the same day reproduces them.
import { Rng } from './random.js';
import { DAY, isoKst, kstDayStart } from './time.js';

export interface PollPayload {
  id: string;
  title: string;
  kind: 'policy' | 'community';
  visibility: 'public' | 'private';
  status: 'open' | 'closed';
  opensAt: string;
  closesAt: string;
  totalVoters: number;
  options: { id: string; label: string; votes: number }[];
  ts: string;
}

interface PollSpec {
  readonly id: string;
  readonly title: string;
  readonly kind: 'policy' | 'community';
  readonly visibility: 'public' | 'private';
  /** Days before the run's start day that it opened, and after that it closes (negative: already closed). */
  readonly openedDaysAgo: number;
  readonly closesInDays: number;
  /** Mean votes per second at rate 1. */
  readonly votesPerSecond: number;
  readonly options: readonly (readonly [id: string, label: string, share: number])[];
}

export const POLLS: readonly PollSpec[] = [
  { id: 'poll-311', title: 'Name for the new riverside park', kind: 'policy', visibility: 'public', openedDaysAgo: 3, closesInDays: 7, votesPerSecond: 0.08,
    options: [['a', 'Hangang Green', 0.48], ['b', 'Riverside Commons', 0.52]] },
  { id: 'poll-312', title: 'Priorities for the 2027 participatory budget', kind: 'policy', visibility: 'public', openedDaysAgo: 6, closesInDays: 8, votesPerSecond: 0.15,
    options: [['childcare', 'Childcare and education', 0.31], ['alleys', 'Safer alleys and lighting', 0.24], ['parks', 'Parks and green space', 0.2], ['seniors', 'Senior care', 0.17], ['culture', 'Culture and sports', 0.08]] },
  { id: 'poll-305', title: 'Car-free Sejong-daero on Sundays', kind: 'policy', visibility: 'public', openedDaysAgo: 16, closesInDays: -2, votesPerSecond: 0.1,
    options: [['weekly', 'Every Sunday', 0.46], ['monthly', 'Once a month', 0.33], ['no', 'Keep it open to traffic', 0.21]] },
  { id: 'poll-318', title: 'Community garden at the former Seongsu water plant site', kind: 'community', visibility: 'public', openedDaysAgo: 1, closesInDays: 13, votesPerSecond: 0.03,
    options: [['plots', 'Vegetable garden plots', 0.44], ['flowers', 'Flower garden and benches', 0.36], ['play', "Children's nature playground", 0.2]] },
  { id: 'poll-320', title: 'Next late-night Owl bus route', kind: 'policy', visibility: 'public', openedDaysAgo: 2, closesInDays: 5, votesPerSecond: 0.06,
    options: [['magok', 'Magok – Gwanghwamun', 0.29], ['wirye', 'Wirye – Gangnam Station', 0.27], ['sanggye', 'Sanggye – Jongno', 0.24], ['eunpyeong', 'Eunpyeong New Town – Sinchon', 0.2]] },
  { id: 'poll-321', title: 'City Hall staff: four-day week pilot', kind: 'policy', visibility: 'private', openedDaysAgo: 4, closesInDays: 3, votesPerSecond: 0.01,
    options: [['join', 'Join the pilot', 0.63], ['later', 'Not now', 0.37]] },
];

/** ∫ from t0 to t1 of (1 + amp·sin(2π s / period + phase)) ds, seconds. Never negative when amp ≤ 1. */
function integral(t0: number, t1: number, amp: number, period: number, phase: number): number {
  const w = (2 * Math.PI) / period;
  return t1 - t0 - (amp / w) * (Math.cos(w * t1 + phase) - Math.cos(w * t0 + phase));
}

export function pollAt(spec: PollSpec, nowMs: number, sinceMs: number, seed: number, rate = 1): PollPayload {
  const day0 = kstDayStart(sinceMs);
  const opens = day0 - spec.openedDaysAgo * DAY;
  const closes = day0 + spec.closesInDays * DAY - 1000;
  const open = nowMs < closes;
  const end = Math.min(Math.max(nowMs, opens), closes);
  const t0 = opens / 1000;
  const t1 = end / 1000;
  // Peak voting around 21:00 KST (12:00 UTC): phase puts the sine's maximum there.
  const dayPhase = Math.PI / 2 - ((2 * Math.PI) / 86_400) * 12 * 3600;
  const options = spec.options.map(([id, label, share]) => {
    const rng = Rng.of(seed, 'poll', spec.id, id);
    // Each option also has its own slow swing of ±15%, so the lead can change hands.
    const swingPeriod = rng.range(0.5, 2) * 86_400;
    const base = integral(t0, t1, 0.6, 86_400, dayPhase);
    const swing = integral(t0, t1, 0.15, swingPeriod, rng.range(0, 2 * Math.PI)) - (t1 - t0);
    const votes = Math.floor(spec.votesPerSecond * rate * share * (base + swing));
    return { id, label, votes: Math.max(0, votes) };
  });
  return {
    id: spec.id, title: spec.title, kind: spec.kind, visibility: spec.visibility, status: open ? 'open' : 'closed',
    opensAt: isoKst(opens), closesAt: isoKst(closes), totalVoters: options.reduce((s, o) => s + o.votes, 0), options,
    ts: isoKst(open ? nowMs : closes),
  };
}
