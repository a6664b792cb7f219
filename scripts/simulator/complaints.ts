// Civil complaints and resident suggestions through the pipeline
// reported → received → in-progress → resolved (or rejected), on the timeline grid.
// About 1 in 20 carries the reporter's name and phone, which the gateway must drop
// at ingest: the simulator sends them on purpose to exercise that filter.
import { DISTRICTS, type District } from './districts.js';
import { placeOf } from './places.js';
import { Rng } from './random.js';
import { HOUR, MINUTE, isoKst } from './time.js';
import type { Plan, TimelineSource } from './timeline.js';
import type { TimelineOptions } from './incidents.js';

export const COMPLAINT_CATEGORIES = [
  'illegal-parking', 'illegal-banner', 'illegal-dumping', 'sidewalk-repair', 'streetlight-repair',
  'noise', 'sewage', 'public-facility', 'hazard', 'other',
] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];
export type ComplaintStatus = 'reported' | 'received' | 'in-progress' | 'resolved' | 'rejected';
export type Channel = 'app' | 'web' | 'phone' | 'visit';

export interface ComplaintPayload {
  id: string;
  kind: 'complaint' | 'suggestion';
  category: ComplaintCategory;
  district: string;
  summary: string;
  channel: Channel;
  status: ComplaintStatus;
  reportedAt: string;
  receivedAt: string | null;
  handledAt: string | null;
  department: string | null;
  /** Reporter PII, present on ~1 in 20: must never get past the gateway. */
  reporter?: string;
  phone?: string;
  ts: string;
}

/** A new complaint or suggestion every ~40 s on average at rate 1. */
export const COMPLAINT_SLOT_MS = 40_000;
/** Retained complaints are cleared 8 h after they were reported (all are handled by then). */
export const COMPLAINT_KEEP_MS = 8 * HOUR;

// `{road}` is filled with a road of the complaint's district.
const COMPLAINTS: Record<ComplaintCategory, readonly string[]> = {
  'illegal-parking': ['Truck blocking the school gate every morning', 'Cars parked on the crosswalk by the market', 'Delivery vans double-parked all day on {road}', 'Car parked in front of the fire hydrant', 'Tour bus idling in the residents-only parking zone'],
  'illegal-banner': ['Banners tied to the streetlights at the {road} intersection', 'Flyers glued over the bus stop map', 'Real-estate banners on the pedestrian overpass railing'],
  'illegal-dumping': ['Old furniture dumped beside the recycling point', 'Construction waste left in the alley behind {road}', 'Food waste bags torn open at the bus stop'],
  'sidewalk-repair': ['Broken paving blocks outside the subway exit', 'Sidewalk sunk near the bus stop on {road}, people trip', 'Tactile paving for the visually impaired is loose'],
  'streetlight-repair': ['Streetlight out in the alley behind the school', 'Lights flickering along the stream walkway', 'Whole block of {road} dark since yesterday'],
  noise: ['Construction work starting before 7 a.m.', 'Loud music from a rooftop bar after midnight', 'Motorcycles revving in the alley late at night'],
  sewage: ['Sewer smell from the drain on the corner', 'Storm drain blocked, water pooling on {road}', 'Manhole cover rattles every time a car passes'],
  'public-facility': ['Playground swing chain broken', 'Public toilet in the park locked all day', 'Bench at the bus stop damaged'],
  hazard: ['Loose shop sign swaying in the wind on {road}', 'Tree branch hanging low over the road', 'Ice on the slope outside the elementary school', 'Crack in the retaining wall after the rain'],
  other: ['Bus arrival display at the stop shows wrong times', 'Stray cats being fed in the apartment lobby'],
};

const SUGGESTIONS: readonly (readonly [ComplaintCategory, string])[] = [
  ['hazard', 'Add a crosswalk at the park entrance on {road}'],
  ['public-facility', 'More shaded benches along the Hangang bike path'],
  ['other', 'Extend the late-night bus to the new apartment complex'],
  ['public-facility', 'Install a fine-dust shelter at the busy bus stop'],
  ['other', 'Put Ttareungyi bikes near the district library'],
  ['public-facility', 'Turn the empty lot on {road} into a community garden'],
  ['illegal-dumping', 'More recycling bins around the traditional market'],
  ['hazard', 'Make the school route a car-free zone at drop-off times'],
];

const DEPARTMENTS: Record<ComplaintCategory, string> = {
  'illegal-parking': 'Parking Management Division',
  'illegal-banner': 'Urban Design Division',
  'illegal-dumping': 'Cleaning Administration Division',
  'sidewalk-repair': 'Road Management Division',
  'streetlight-repair': 'Streetlight Maintenance Team',
  noise: 'Environment Division',
  sewage: 'Water Circulation Division',
  'public-facility': 'Parks and Greenery Division',
  hazard: 'Safety Management Division',
  other: 'Civil Service Division',
};

const CATEGORY_WEIGHTS: readonly (readonly [ComplaintCategory, number])[] = [
  ['illegal-parking', 0.3], ['illegal-banner', 0.06], ['illegal-dumping', 0.12], ['sidewalk-repair', 0.08], ['streetlight-repair', 0.07],
  ['noise', 0.12], ['sewage', 0.05], ['public-facility', 0.08], ['hazard', 0.07], ['other', 0.05],
];

const CHANNELS: readonly (readonly [Channel, number])[] = [['app', 0.45], ['web', 0.2], ['phone', 0.25], ['visit', 0.1]];

// Obviously fake: a common surname and given name.
const FAKE_NAMES = ['김민준', '이서연', '박지훈', '최수아', '정현우', '강지민', '조예은', '윤도현'];

interface ComplaintPlan extends Plan {
  readonly id: string;
  readonly kind: 'complaint' | 'suggestion';
  readonly category: ComplaintCategory;
  readonly district: District;
  readonly summary: string;
  readonly channel: Channel;
  readonly outcome: 'resolved' | 'rejected';
  /** reported, received, in-progress (null when rejected straight away), handled. */
  readonly times: readonly [number, number, number | null, number];
  readonly reporter?: { name: string; phone: string };
}

export function complaintSource(opts: TimelineOptions): TimelineSource<ComplaintPlan, ComplaintPayload> {
  const slotMs = Math.max(1000, Math.round(COMPLAINT_SLOT_MS / opts.rate));
  const scale = 1 / opts.rate;
  const sec = (ms: number) => Math.round((ms * scale) / 1000) * 1000;
  return {
    slotMs,
    keepMs: COMPLAINT_KEEP_MS * scale,
    id: (p) => p.id,
    plan(slot) {
      const rng = Rng.of(opts.seed, 'complaint', slotMs, slot);
      // Some slots stay empty so arrivals are irregular.
      if (rng.chance(0.15)) return null;
      const reported = slot * slotMs + Math.floor((rng.next() * slotMs) / 1000) * 1000;
      const district = rng.weighted(DISTRICTS.map((d) => [d, placeOf(d.code).population] as const));
      const road = rng.pick(placeOf(district.code).roads);
      const kind = rng.chance(0.15) ? 'suggestion' : 'complaint';
      let category: ComplaintCategory;
      let text: string;
      if (kind === 'suggestion') [category, text] = rng.pick(SUGGESTIONS);
      else {
        category = rng.weighted(CATEGORY_WEIGHTS);
        text = rng.pick(COMPLAINTS[category]);
      }
      const channel = rng.weighted(CHANNELS);
      // Phone and counter reports are logged at once; app and web wait in a queue.
      const receiveDelay = channel === 'phone' || channel === 'visit' ? rng.range(0, 2) * MINUTE : rng.range(2, 20) * MINUTE;
      const received = reported + Math.max(1000, sec(receiveDelay));
      const rejected = rng.chance(kind === 'suggestion' ? 0.25 : 0.06);
      const straightReject = rejected && rng.chance(0.5);
      const inProgress = straightReject ? null : received + sec(rng.range(5, 120) * MINUTE);
      const handled = (inProgress ?? received) + sec(rng.range(10, 240) * MINUTE);
      const withReporter = rng.chance(0.05);
      const reporter = withReporter ? { name: rng.pick(FAKE_NAMES), phone: `010-0000-${String(rng.int(0, 9999)).padStart(4, '0')}` } : undefined;
      const times = [reported, received, inProgress, handled] as const;
      return {
        id: `cmp-${10000 + (((slot % 90000) + 90000) % 90000)}`,
        kind, category, district, channel, summary: text.replace('{road}', road), outcome: rejected ? 'rejected' : 'resolved',
        times, start: reported, changes: times.filter((t): t is number => t !== null), clearAt: reported + COMPLAINT_KEEP_MS * scale,
        ...(reporter ? { reporter } : {}),
      };
    },
    state(p, atMs) {
      const [reported, received, inProgress, handled] = p.times;
      let status: ComplaintStatus = 'reported';
      let ts = reported;
      if (received <= atMs) [status, ts] = ['received', received];
      if (inProgress !== null && inProgress <= atMs) [status, ts] = ['in-progress', inProgress];
      if (handled <= atMs) [status, ts] = [p.outcome, handled];
      const payload: ComplaintPayload = {
        id: p.id, kind: p.kind, category: p.category, district: p.district.code, summary: p.summary, channel: p.channel, status,
        reportedAt: isoKst(reported), receivedAt: received <= atMs ? isoKst(received) : null, handledAt: handled <= atMs ? isoKst(handled) : null,
        department: received <= atMs ? `${p.district.nameEn} ${DEPARTMENTS[p.category]}` : null, ts: isoKst(ts),
      };
      if (p.reporter) {
        payload.reporter = p.reporter.name;
        payload.phone = p.reporter.phone;
      }
      return payload;
    },
  };
}
