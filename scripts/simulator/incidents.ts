// Incidents (fire, rescue, police, disaster) through their lifecycle
// received → dispatched → on-scene → closed, laid on the timeline grid.
import { DISTRICTS, type District } from './districts.js';
import { placeOf } from './places.js';
import { Rng } from './random.js';
import { HOUR, MINUTE, isoKst, kstDateStamp, kstDayStart } from './time.js';
import type { Plan, TimelineSource } from './timeline.js';

export type IncidentKind = 'fire' | 'rescue' | 'police' | 'disaster';
export type IncidentStatus = 'received' | 'dispatched' | 'on-scene' | 'closed';

export interface IncidentPayload {
  id: string;
  kind: IncidentKind;
  title: string;
  severity: number;
  district: string;
  location: { lat: number; lon: number; address: string };
  status: IncidentStatus;
  receivedAt: string;
  dispatchedAt: string | null;
  onSceneAt: string | null;
  closedAt: string | null;
  units: string[];
  ts: string;
}

/** A new incident every ~45 s on average at rate 1 (drawn within the first 2/3 of each slot). */
export const INCIDENT_SLOT_MS = 45_000;
/** Retained incidents are cleared 3 h after they were received (all are closed by then). */
export const INCIDENT_KEEP_MS = 3 * HOUR;

// [title, typical severity]
const TITLES: Record<IncidentKind, readonly (readonly [string, number])[]> = {
  fire: [
    ['Apartment kitchen fire', 2], ['Building fire, 3rd floor', 3], ['Vehicle fire on the road', 2],
    ['Restaurant kitchen duct fire', 3], ['Electrical fire in a basement', 3], ['Rubbish fire by the roadside', 1],
    ['Fire alarm activated in an office tower', 1], ['Smoke reported from a factory', 3], ['Fire in a multi-family house', 4],
    ['Warehouse fire', 4],
  ],
  rescue: [
    ['Person trapped in a lift', 2], ['Cardiac arrest reported', 4], ['Fall from height at a construction site', 4],
    ['Person in the Hangang river', 4], ['Traffic collision with injuries', 3], ['Elderly resident not answering the door', 2],
    ['Hiker injured on a mountain trail', 2], ['Child locked in a vehicle', 3],
  ],
  police: [
    ['Traffic collision, two vehicles', 2], ['Theft at a convenience store', 1], ['Assault outside a bar', 3],
    ['Missing child report', 4], ['Drunk driving suspect stopped', 2], ['Noise disturbance, residential', 1],
    ['Voice-phishing call reported by a senior', 2], ['Suspicious person near a school', 2], ['Hit-and-run reported', 3],
    ['Stalking report', 3],
  ],
  disaster: [
    ['Road sinkhole reported', 3], ['Flooded underpass', 4], ['Landslide risk on a slope', 3], ['Gas leak reported', 4],
    ['Fallen tree blocking the road', 2], ['Facade debris falling from a building', 3],
    ['Traffic lights out after a power cut', 2], ['Water main burst', 3],
  ],
};

const KINDS: readonly (readonly [IncidentKind, number])[] = [['police', 0.42], ['rescue', 0.3], ['fire', 0.18], ['disaster', 0.1]];

interface IncidentPlan extends Plan {
  readonly id: string;
  readonly kind: IncidentKind;
  readonly title: string;
  readonly severity: number;
  readonly district: District;
  readonly location: IncidentPayload['location'];
  readonly dispatchUnits: readonly string[];
  /** Extra units called once on scene (serious incidents). */
  readonly backupUnits: readonly string[];
  readonly times: readonly [number, number, number, number];
}

function pickDistrict(rng: Rng): District {
  return rng.weighted(DISTRICTS.map((d) => [d, placeOf(d.code).population] as const));
}

/** A uniformly random point in the circle that lies inside the district. */
function locate(rng: Rng, district: District): IncidentPayload['location'] {
  const place = placeOf(district.code);
  const r = place.radiusKm * Math.sqrt(rng.next());
  const theta = rng.range(0, 2 * Math.PI);
  const lat = place.lat + (r * Math.cos(theta)) / 110.57;
  const lon = place.lon + (r * Math.sin(theta)) / (111.32 * Math.cos((place.lat * Math.PI) / 180));
  return { lat: Math.round(lat * 1e4) / 1e4, lon: Math.round(lon * 1e4) / 1e4, address: `${rng.pick(place.roads)} ${rng.int(1, 420)}` };
}

function unitsFor(rng: Rng, kind: IncidentKind, severity: number, district: District): { dispatch: string[]; backup: string[] } {
  const s = placeOf(district.code).station;
  switch (kind) {
    case 'fire':
      return {
        dispatch: [`${s} Fire Station pumper ${rng.int(1, 3)}`, `${s} Fire Station tanker`, ...(severity >= 3 ? [`${s} Fire Station ladder truck`] : [])],
        backup: severity >= 4 ? ['Seoul Fire HQ command unit', `${s} 119 Rescue Team`] : [],
      };
    case 'rescue':
      return { dispatch: [`${s} 119 Rescue Team`, `${s} ambulance ${rng.int(1, 4)}`], backup: severity >= 4 ? ['Seoul 119 Special Rescue Unit'] : [] };
    case 'police':
      return { dispatch: [`${s} Police Station patrol car ${rng.int(1, 12)}`], backup: severity >= 3 ? [`${s} Police Station criminal investigation team`] : [] };
    case 'disaster':
      return { dispatch: [`${district.nameEn} disaster safety team`, `${s} Fire Station pumper ${rng.int(1, 3)}`], backup: severity >= 3 ? ['Seoul disaster response HQ'] : [] };
  }
}

export interface TimelineOptions { readonly seed: number; readonly rate: number }

/** Incidents on the timeline grid; `rate` compresses both arrivals and lifecycles. */
export function incidentSource(opts: TimelineOptions): TimelineSource<IncidentPlan, IncidentPayload> {
  const slotMs = Math.max(1000, Math.round(INCIDENT_SLOT_MS / opts.rate));
  const scale = 1 / opts.rate;
  return {
    slotMs,
    keepMs: INCIDENT_KEEP_MS * scale,
    id: (p) => p.id,
    plan(slot) {
      const rng = Rng.of(opts.seed, 'incident', slotMs, slot);
      const slotStart = slot * slotMs;
      const received = slotStart + Math.floor(rng.next() * slotMs * 0.66 / 1000) * 1000;
      const kind = rng.weighted(KINDS);
      const [title, typical] = rng.pick(TITLES[kind]);
      const severity = Math.max(1, Math.min(5, typical + rng.weighted([[-1, 0.2], [0, 0.6], [1, 0.2]] as const)));
      const district = pickDistrict(rng);
      const location = locate(rng, district);
      const units = unitsFor(rng, kind, severity, district);
      // Police dispatch fastest; serious incidents take longer on scene.
      const dispatch = (kind === 'police' ? rng.range(15, 60) : rng.range(25, 120)) * 1000 * scale;
      const travel = rng.range(2, 8) * MINUTE * scale;
      const onScene = rng.range(5, 10 + severity * 7) * MINUTE * scale;
      const t1 = received + Math.round(dispatch / 1000) * 1000;
      const t2 = t1 + Math.round(travel / 1000) * 1000;
      const t3 = t2 + Math.round(onScene / 1000) * 1000;
      // Ids number the slots of the KST day of receipt, from 0001.
      const seq = slot - Math.floor(kstDayStart(received) / slotMs) + 1;
      const id = `inc-${kstDateStamp(received)}-${String(seq).padStart(4, '0')}`;
      return {
        id, kind, title, severity, district, location, dispatchUnits: units.dispatch, backupUnits: units.backup,
        start: received, times: [received, t1, t2, t3], changes: [received, t1, t2, t3], clearAt: received + INCIDENT_KEEP_MS * scale,
      };
    },
    state(p, atMs) {
      const reached = Math.max(1, p.times.filter((t) => t <= atMs).length);
      const status = (['received', 'dispatched', 'on-scene', 'closed'] as const)[reached - 1]!;
      const at = (i: number) => (i < reached ? isoKst(p.times[i]!) : null);
      const units = reached >= 3 ? [...p.dispatchUnits, ...p.backupUnits] : reached >= 2 ? [...p.dispatchUnits] : [];
      return {
        id: p.id, kind: p.kind, title: p.title, severity: p.severity, district: p.district.code, location: p.location,
        status, receivedAt: isoKst(p.times[0]), dispatchedAt: at(1), onSceneAt: at(2), closedAt: at(3), units, ts: isoKst(p.times[reached - 1]!),
      };
    },
  };
}
