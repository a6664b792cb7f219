// Realistic city data for tests, screenshots and development: every entity
// kind, all 25 districts, fed through the real ingest path (classify → store.apply).
import { classify } from '../gateway/contract/messages.js';
import { Store } from '../gateway/store/store.js';
import { parseConfig, type Config } from '../gateway/config/load.js';
import type { ChangeNotice } from '../gateway/store/types.js';
import { districts } from './map/geo.js';
import { MAP_DISTRICTS } from '../gateway/contract/map-districts.js';

export const FIXTURE_NOW = Date.parse('2026-11-23T10:00:00+09:00');
export const XSS = '<img src=x onerror=alert(1)>';
export const DEVICE_TOKEN = 'tablet-token-0123456789abcdef';
export const API_TOKEN = 'api-token-0123456789abcdef';

export function testConfig(over: { language?: 'en' | 'ko'; publicComplaintText?: boolean; pushWindowMs?: number } = {}): Config {
  const yaml = `office: { id: test, name: { en: "Mayor's Office", ko: "시장실" }, language: ${over.language ?? 'en'} }
auth: { apiToken: "${API_TOKEN}", deviceTokens: [ { id: tablet-1, token: "${DEVICE_TOKEN}" } ] }
display: { publicComplaintText: ${over.publicComplaintText ?? false}, pushWindowMs: ${over.pushWindowMs ?? 100} }
`;
  return parseConfig(yaml, 'test.yaml', {});
}

export function memoryStore(config: Config = testConfig()): Store {
  return new Store(':memory:', config.store);
}

const iso = (ms: number) => {
  const d = new Date(ms + 9 * 3_600_000);
  return d.toISOString().replace(/\.\d{3}Z$/, '+09:00');
};

/** Deterministic pseudo-random numbers. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

type Msg = [topic: string, payload: unknown];

const CATS: Record<string, [string, string, string, 'up' | 'down', number, number][]> = {
  // id, en, ko, direction, target, base value
  jobs: [['employment-rate', 'Employment rate', '고용률', 'up', 66, 64.8], ['youth-employment', 'Youth employment', '청년 고용률', 'up', 47, 45.2], ['unemployment-rate', 'Unemployment rate', '실업률', 'down', 3.5, 3.9], ['new-jobs', 'New jobs (k)', '신규 일자리', 'up', 12, 11.4], ['job-matching', 'Job matching rate', '구인구직 매칭률', 'up', 40, 41.3], ['women-employment', 'Women employment', '여성 고용률', 'up', 58, 56.1], ['senior-jobs', 'Senior jobs (k)', '노인 일자리', 'up', 80, 83.2]],
  economy: [['small-biz-survival', 'Small business survival', '소상공인 생존율', 'up', 70, 68.4], ['startups', 'New startups', '창업 기업 수', 'up', 2500, 2612], ['retail-sales', 'Retail sales index', '소매판매지수', 'up', 102, 100.6], ['local-currency', 'Local currency use (₩bn)', '지역화폐 사용액', 'up', 300, 287], ['tourists', 'Foreign tourists (k)', '외국인 관광객', 'up', 900, 954], ['vacancy-rate', 'Store vacancy rate', '상가 공실률', 'down', 8, 9.1]],
  welfare: [['basic-living', 'Basic living recipients', '기초생활수급자', 'down', 4.5, 4.7], ['childcare-coverage', 'Public childcare coverage', '국공립 보육률', 'up', 50, 51.8], ['elder-care', 'Elder care visits (k)', '어르신 돌봄 방문', 'up', 120, 118], ['disability-support', 'Disability support rate', '장애인 지원율', 'up', 85, 86.4], ['lonely-deaths', 'Solitary deaths', '고독사', 'down', 30, 34], ['food-banks', 'Food bank users (k)', '푸드뱅크 이용', 'up', 60, 61.5], ['welfare-staff', 'Welfare staff per 10k', '복지 인력', 'up', 12, 11.2]],
  housing: [['rental-supply', 'Public rental supply (k)', '공공임대 공급', 'up', 10, 7.8], ['rent-burden', 'Rent-to-income ratio', '소득 대비 임대료', 'down', 25, 27.3], ['housing-permits', 'Housing permits (k)', '주택 인허가', 'up', 6, 6.4], ['old-housing', 'Aged housing share', '노후 주택 비율', 'down', 30, 31.2], ['homeless', 'Homeless people', '노숙인', 'down', 2500, 2390], ['jeonse-fraud', 'Jeonse fraud cases', '전세사기 피해', 'down', 100, 132]],
  environment: [['pm25-annual', 'PM2.5 annual mean', '초미세먼지 연평균', 'down', 15, 17.2], ['green-space', 'Green space per capita', '1인당 녹지', 'up', 10, 9.6], ['recycling', 'Recycling rate', '재활용률', 'up', 70, 71.4], ['ev-share', 'EV share of new cars', '전기차 비율', 'up', 20, 18.1], ['ghg', 'GHG emissions (Mt)', '온실가스 배출', 'down', 40, 41.8], ['river-quality', 'River quality index', '하천 수질', 'up', 80, 82], ['noise-complaints', 'Noise complaints (k)', '소음 민원', 'down', 5, 5.6]],
  safety: [['crime-rate', 'Crimes per 100k', '인구 10만명당 범죄', 'down', 3000, 3120], ['traffic-deaths', 'Traffic deaths', '교통사고 사망', 'down', 15, 13], ['fire-response', 'Fire response (min)', '화재 출동 시간', 'down', 7, 6.6], ['cctv-coverage', 'CCTV coverage', 'CCTV 설치율', 'up', 90, 91.2], ['flood-shelters', 'Flood shelters ready', '침수 대피시설', 'up', 95, 92], ['safe-routes', 'Safe school routes', '안전 통학로', 'up', 85, 87]],
  transport: [['bus-punctuality', 'Bus punctuality', '버스 정시성', 'up', 90, 88.4], ['subway-crowding', 'Subway crowding', '지하철 혼잡도', 'down', 150, 158], ['bike-trips', 'Public bike trips (k)', '따릉이 이용', 'up', 4000, 4210], ['avg-speed', 'Average road speed', '평균 통행속도', 'up', 24, 22.8], ['transit-share', 'Transit mode share', '대중교통 분담률', 'up', 66, 65.2], ['accessible-stations', 'Step-free stations', '무장애 역사', 'up', 95, 96.1]],
  health: [['life-expectancy', 'Healthy life expectancy', '건강수명', 'up', 73, 72.4], ['vaccination', 'Flu vaccination 65+', '어르신 독감 접종률', 'up', 80, 82.3], ['er-wait', 'ER waiting (min)', '응급실 대기', 'down', 30, 34], ['suicide-rate', 'Suicide rate per 100k', '자살률', 'down', 20, 22.1], ['obesity', 'Adult obesity', '성인 비만율', 'down', 30, 31.4], ['public-clinics', 'Public clinic visits (k)', '보건소 방문', 'up', 200, 214]],
  education: [['class-size', 'Students per class', '학급당 학생 수', 'down', 22, 21.3], ['after-school', 'After-school care', '방과후 돌봄', 'up', 60, 57.2], ['library-visits', 'Library visits (k)', '도서관 방문', 'up', 1500, 1580], ['digital-literacy', 'Digital literacy 60+', '어르신 디지털 역량', 'up', 65, 61], ['lifelong-learning', 'Lifelong learning', '평생학습 참여율', 'up', 40, 41.2], ['school-meals', 'Eco school meals', '친환경 급식', 'up', 90, 93]],
  culture: [['culture-events', 'Culture events', '문화행사', 'up', 500, 512], ['museum-visits', 'Museum visits (k)', '박물관 방문', 'up', 800, 760], ['sports-facilities', 'Sports facility use', '체육시설 이용률', 'up', 70, 72.5], ['festival-visitors', 'Festival visitors (k)', '축제 방문객', 'up', 2000, 2240], ['culture-access', 'Culture access index', '문화 접근성', 'up', 75, 73.2]],
};

export function fixtureMessages(now = FIXTURE_NOW): Msg[] {
  // One random sequence, drawn in this order: a kind's messages depend on what the kinds before it drew.
  const r = rng(42);
  const codes = districts().map((d) => d.code);
  return [
    ...indicatorMessages(now, r, codes),
    ...urbanMessages(now, r, codes),
    ...incidentMessages(now, r),
    ...complaintMessages(now, r, codes),
    ...pollMessages(now),
    ...pledgeMessages(now),
    ...trendMessages(now),
  ];
}

const MINUTE = 60_000;

/** The twelve months before November 2026, oldest first. */
function fixtureMonths(): string[] {
  const months: string[] = [];
  for (let i = 12; i >= 1; i--) {
    const d = new Date(Date.UTC(2026, 10 - i, 1));
    months.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return months;
}

/** Every indicator of CATS: its catalog entry, a year per district (April missing), breakdowns for the first two of each category. */
function indicatorMessages(now: number, r: () => number, codes: string[]): Msg[] {
  const msgs: Msg[] = [];
  const months = fixtureMonths();
  const latestPeriod = months[months.length - 1]!; // 2026-10
  let headlineCount = 0;
  for (const [cat, list] of Object.entries(CATS)) {
    list.forEach(([id, en, ko, direction, target, base], idx) => {
      const unit = /\(k\)|\(min\)|\(Mt\)|\(₩bn\)/.test(en) ? '' : /rate|share|coverage|ratio|punctuality|index|literacy|learning|meals|survival|access|use$|ready|routes|care$/i.test(en) ? '%' : '';
      const headline = idx === 0 && headlineCount++ < 6;
      msgs.push([`scpm/v1/catalog/indicators/${id}`, { id, name: { en, ko }, unit, category: cat, direction, target, period: 'month', headline, ts: iso(now - 30 * 86_400_000) }]);
      for (const district of ['city', ...codes]) {
        const spread = district === 'city' ? 1 : 0.85 + r() * 0.3;
        const series = months.map((p, k) => ({ period: p, value: round(base * spread * (1 + (k - 11) * 0.004 + (r() - 0.5) * 0.02)) }));
        const latest = series[series.length - 1]!;
        // an outage left a gap in April for every series
        const history = series.slice(0, -1).filter((s) => s.period !== '2026-04').reverse();
        msgs.push([`scpm/v1/indicators/${id}/${district}/all/all`, { indicator: id, district, period: latest.period, value: latest.value, history, ts: iso(Date.parse(`${latestPeriod}-01T00:00:00+09:00`) + 31 * 86_400_000) }]);
      }
      if (idx < 2) msgs.push(...breakdownMessages(now, r, id, base, latestPeriod));
    });
  }
  return msgs;
}

function breakdownMessages(now: number, r: () => number, id: string, base: number, latestPeriod: string): Msg[] {
  const msgs: Msg[] = [];
  for (const district of ['city', '11230']) {
    for (const [g, a, f] of [['female', 'all', 0.97], ['male', 'all', 1.03], ['all', '0-19', 0.6], ['all', '20-29', 0.9], ['all', '30-39', 1.1], ['all', '40-49', 1.15], ['all', '50-59', 1.08], ['all', '60-69', 0.85], ['all', '70-plus', 0.5]] as const) {
      msgs.push([`scpm/v1/indicators/${id}/${district}/${g}/${a}`, { indicator: id, district, period: latestPeriod, value: round(base * f * (0.95 + r() * 0.1)), breakdown: { gender: g, ageBand: a }, ts: iso(now - 20 * 86_400_000) }]);
    }
  }
  return msgs;
}

/** Urban readings: the latest and 24 h of history (every 30 min) per metric and district. */
function urbanMessages(now: number, r: () => number, codes: string[]): Msg[] {
  const msgs: Msg[] = [];
  const metrics: [string, string, number, number][] = [['pm25', 'ug/m3', 18, 10], ['pm10', 'ug/m3', 38, 18], ['o3', 'ppm', 0.028, 0.012], ['traffic-speed', 'km/h', 23, 9], ['water-turbidity', 'NTU', 0.22, 0.12], ['temperature', '°C', 6.5, 2]];
  for (const [metric, unit, base, amp] of metrics) {
    codes.forEach((district, di) => {
      const bias = Math.sin(di * 1.7) * amp * 0.6;
      for (let k = 48; k >= 0; k--) {
        const ts = now - k * 30 * MINUTE - (k === 0 ? Math.floor(r() * 4) * MINUTE : 0);
        const value = base + bias + Math.sin((k + di) / 5) * amp * 0.4 + (r() - 0.5) * amp * 0.2;
        msgs.push([`scpm/v1/urban/${metric}/${district}`, { metric, district, value: metric === 'o3' ? Math.round(value * 1000) / 1000 : Math.round(value * 10) / 10, unit, ts: iso(ts) }]);
      }
    });
  }
  return msgs;
}

function incidentMessages(now: number, r: () => number): Msg[] {
  const incidents: [string, string, number, string, string, number, string][] = [
    ['fire', 'Building fire, 3rd floor', 4, '11230', 'on-scene', 38, 'Gangnam-daero 396'],
    ['rescue', 'Person trapped in elevator', 2, '11140', 'dispatched', 9, 'World Cup-ro 212'],
    ['police', 'Traffic collision, 3 vehicles', 3, '11220', 'on-scene', 24, 'Seocho-daero 77'],
    ['disaster', 'Road subsidence (sinkhole)', 5, '11240', 'dispatched', 14, 'Olympic-ro 300'],
    ['fire', 'Rubbish fire near market', 2, '11020', 'received', 3, 'Eulji-ro 120'],
    ['medical', 'Cardiac arrest, subway station', 4, '11010', 'on-scene', 17, 'Jong-ro 55'],
    ['police', 'Missing child reported', 3, '11110', 'dispatched', 31, 'Nowon-ro 15'],
    ['rescue', 'Han river rescue call', 3, '11190', 'received', 2, 'Yeouidong-ro 330'],
    ['fire', 'Smoke in apartment corridor', 2, '11160', 'dispatched', 6, 'Gonghang-daero 561'],
    ['fire', 'Kitchen fire (closed)', 2, '11050', 'closed', 180, 'Achasan-ro 200'],
    ['police', 'Noise dispute (closed)', 1, '11080', 'closed', 240, 'Bomun-ro 8'],
  ];
  return incidents.map(([kind, title, severity, district, status, ageMin, address], i): Msg => {
    const recv = now - ageMin * MINUTE;
    const disp = status === 'received' ? null : recv + (1 + (i % 3)) * MINUTE;
    const onScene = status === 'on-scene' || status === 'closed' ? recv + (6 + (i % 4)) * MINUTE : null;
    const closed = status === 'closed' ? recv + 90 * MINUTE : null;
    const id = `inc-20261123-${String(40 + i).padStart(4, '0')}`;
    return [`scpm/v1/incidents/${id}`, {
      id, kind, title, severity, district, status, location: { lat: 37.5 + r() * 0.1, lon: 126.95 + r() * 0.15, address },
      receivedAt: iso(recv), dispatchedAt: disp ? iso(disp) : null, onSceneAt: onScene ? iso(onScene) : null, closedAt: closed ? iso(closed) : null,
      units: [`${kind === 'police' ? 'Police' : 'Fire'} unit ${i + 1}`], cameras: [`cam-${district}-${i}`], ts: iso(closed ?? onScene ?? disp ?? recv),
    }];
  });
}

/** 64 complaints (the fourth carries markup) and eight suggestions. */
function complaintMessages(now: number, r: () => number, codes: string[]): Msg[] {
  const msgs: Msg[] = [];
  const cats = ['illegal-parking', 'illegal-banner', 'illegal-dumping', 'sidewalk-repair', 'streetlight-repair', 'noise', 'sewage', 'public-facility', 'hazard', 'other'];
  const summaries = ['Truck blocking the school gate every morning', 'Streetlight out on the corner for a week', 'Bags of rubbish dumped by the bus stop', 'Broken paving stones near the crossing', 'Loud construction before 7 am', 'Smell from the drain after rain', 'Banner covering the traffic sign', 'Playground swing broken', 'Loose manhole cover on the cycle lane', 'Bench missing at the park entrance'];
  const statuses = ['reported', 'received', 'received', 'in-progress', 'in-progress', 'in-progress', 'resolved', 'resolved', 'resolved', 'rejected'];
  for (let i = 0; i < 64; i++) {
    const status = statuses[i % statuses.length]!;
    const reported = now - Math.floor(r() * 9 * 86_400_000) - 10 * MINUTE;
    const received = status === 'reported' ? null : reported + 20 * MINUTE;
    const handled = status === 'resolved' || status === 'rejected' ? reported + 2 * 86_400_000 : null;
    const id = `cmp-${88200 + i}`;
    const summary = i === 3 ? XSS : summaries[i % summaries.length]!;
    msgs.push([`scpm/v1/complaints/${id}`, {
      id, kind: 'complaint', category: cats[i % cats.length], district: codes[(i * 7) % codes.length], summary, channel: 'app', status,
      reportedAt: iso(reported), receivedAt: received ? iso(received) : null, handledAt: handled ? iso(Math.min(handled, now - MINUTE)) : null,
      department: 'Traffic Division', reporter: 'Kim Citizen', phone: '010-1234-5678', ts: iso(Math.min(handled ?? received ?? reported, now - MINUTE)),
    }]);
  }
  const ideas = ['More shade trees along the stream path', 'Late-night library hours during exams', 'Covered bike parking at the station', 'Community garden on the empty lot', 'Benches at the long bus stops', 'Quiet hours sign for the night market', 'Water fountains in the park', 'Braille signs at the district office'];
  ideas.forEach((summary, i) => {
    const reported = now - (i + 1) * 5 * 3_600_000;
    msgs.push([`scpm/v1/complaints/sug-${500 + i}`, { id: `sug-${500 + i}`, kind: 'suggestion', category: 'other', district: codes[(i * 3 + 2) % codes.length], summary, status: i % 3 === 0 ? 'received' : 'in-progress', reportedAt: iso(reported), receivedAt: iso(reported + 3_600_000), handledAt: null, ts: iso(reported + 3_600_000) }]);
  });
  return msgs;
}

function pollMessages(now: number): Msg[] {
  const polls: [string, string, 'policy' | 'community', 'public' | 'private', 'open' | 'closed', [string, number][]][] = [
    ['poll-311', 'Name for the new riverside park', 'community', 'public', 'open', [['Hangang Green', 9120], ['Riverside Commons', 9302], ['Seoul Forest Bay', 4120]]],
    ['poll-312', 'Car-free Sundays on Sejong-daero?', 'policy', 'public', 'open', [['Yes, every Sunday', 14210], ['Once a month', 8120], ['No', 6230]]],
    ['poll-313', 'Staff survey: 4-day week pilot', 'policy', 'private', 'open', [['Support', 820], ['Oppose', 310]]],
    ['poll-305', 'Late-night bus routes', 'policy', 'public', 'closed', [['Extend', 22010], ['Keep', 7011]]],
  ];
  return polls.map(([id, title, kind, visibility, status, opts], i): Msg => {
    const options = opts.map(([label, votes], k) => ({ id: String.fromCharCode(97 + k), label, votes }));
    return [`scpm/v1/polls/${id}`, { id, title, kind, visibility, status, opensAt: iso(now - 3 * 86_400_000), closesAt: iso(now + (7 - i) * 86_400_000), totalVoters: options.reduce((s, o) => s + o.votes, 0), options, ts: iso(now - (2 + i) * MINUTE) }];
  });
}

function pledgeMessages(now: number): Msg[] {
  const pledges: [string, string, number, string, number, number][] = [
    ['100,000 public rental homes', 'housing', 63, 'on-track', 1_200_000_000_000, 702_000_000_000],
    ['Free public Wi-Fi in every park', 'digital', 88, 'on-track', 45_000_000_000, 39_100_000_000],
    ['Half-price childcare for working parents', 'welfare', 41, 'at-risk', 380_000_000_000, 121_000_000_000],
    ['Underground Gyeongbu expressway', 'transport', 12, 'delayed', 3_500_000_000_000, 220_000_000_000],
    ['1 million trees by 2028', 'environment', 57, 'on-track', 90_000_000_000, 51_200_000_000],
    ['Flood tunnels for Gangnam', 'safety', 34, 'at-risk', 1_500_000_000_000, 410_000_000_000],
    ['Seniors bus fare free at 70', 'welfare', 100, 'done', 60_000_000_000, 58_700_000_000],
    ['Startup campus in Guro', 'economy', 72, 'on-track', 210_000_000_000, 151_000_000_000],
    ['Solar panels on all schools', 'environment', 48, 'on-track', 75_000_000_000, 30_200_000_000],
    ['Mental health centre per district', 'health', 29, 'delayed', 130_000_000_000, 22_000_000_000],
  ];
  return pledges.map(([title, area, progress, status, allocated, executed], i): Msg => {
    const id = `pledge-${String(i + 1).padStart(2, '0')}`;
    return [`scpm/v1/pledges/${id}`, { id, title, area, progress, status, budget: { allocated, executed, currency: 'KRW' }, ts: iso(now - (i === 9 ? 60 : 10 + i) * 86_400_000) }];
  });
}

function trendMessages(now: number): Msg[] {
  const trends: [string, string, string, number, number][] = [
    ['fine-dust', 'fine dust', '미세먼지', 1840, -0.42], ['rental-homes', 'rental homes', '임대주택', 1210, 0.12], ['sinkhole', 'sinkhole', '싱크홀', 980, -0.61],
    ['riverside-park', 'riverside park', '한강공원', 760, 0.48], ['bus-fare', 'bus fare', '버스 요금', 640, -0.18], ['festival', 'lantern festival', '등축제', 520, 0.66],
  ];
  return trends.map(([id, en, ko, mentions, sentiment], i): Msg =>
    [`scpm/v1/trends/${id}`, { id, keyword: { en, ko }, mentions, sentiment, window: '1h', ts: iso(now - (10 + i * 7) * MINUTE) }]);
}

function round(v: number): number {
  return Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 10) / 10;
}

/** Feeds one message through the real ingest path; returns the change (or null). */
export function ingest(store: Store, topic: string, payload: unknown, receivedMs = FIXTURE_NOW): ChangeNotice | null {
  const res = classify(topic, Buffer.from(JSON.stringify(payload)), { root: 'scpm/v1', officeId: 'test', maxBytes: 65_536, districts: MAP_DISTRICTS });
  if (res.ok !== true) throw new Error(`fixture rejected: ${topic}: ${'detail' in res ? res.detail : 'ignored'}`);
  return store.apply(res.message, receivedMs);
}

export function loadFixtures(store: Store, now = FIXTURE_NOW): number {
  const msgs = fixtureMessages(now);
  store.transaction(() => {
    for (const [topic, payload] of msgs) ingest(store, topic, payload, now);
  });
  return msgs.length;
}
