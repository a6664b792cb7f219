// The indicator catalogue the simulated city publishes: 62 monthly indicators of
// Seoul's administration. Each entry is the contract's "Indicator definition" plus
// generation hints (baseline, spread, measure, profile, …) that stay inside the
// simulator: `toDefinition` keeps only the contract's fields for publishing.

export interface Category {
  readonly id: string;
  readonly name: { readonly en: string; readonly ko: string };
}

export const CATEGORIES: readonly Category[] = [
  { id: 'jobs', name: { en: 'Jobs', ko: '일자리' } },
  { id: 'welfare', name: { en: 'Welfare', ko: '복지' } },
  { id: 'environment', name: { en: 'Environment', ko: '환경' } },
  { id: 'housing', name: { en: 'Housing', ko: '주택' } },
  { id: 'safety', name: { en: 'Safety', ko: '안전' } },
  { id: 'transport', name: { en: 'Transport', ko: '교통' } },
  { id: 'culture', name: { en: 'Culture and tourism', ko: '문화·관광' } },
  { id: 'administration', name: { en: 'Administration', ko: '행정' } },
];

/**
 * How a figure adds up across districts and splits across groups:
 * - `rate` (a percentage) and `level` (an average such as minutes or µg/m³) are
 *   population-weighted means across districts; a group's figure is the whole's
 *   times the group's factor;
 * - `flow` (a count in the month) and `stock` (a running total) are sums across
 *   districts; a group's figure is its share of the whole.
 */
export type Measure = 'rate' | 'level' | 'flow' | 'stock';

/** Who a figure can be broken down by; the factor tables are in indicators.ts. */
export type Profile =
  | 'none' | 'employment' | 'unemployment' | 'women' | 'youth' | 'older-workers' | 'seniors' | 'young-adults' | 'children'
  | 'families' | 'residents' | 'workers' | 'households' | 'homeless' | 'victims' | 'escorts'
  | 'tenants' | 'transit' | 'visitors' | 'culture' | 'online';

/** The contract's indicator definition. */
export interface IndicatorDefinition {
  readonly id: string;
  readonly name: { readonly en: string; readonly ko: string };
  readonly unit: string;
  readonly category: string;
  readonly direction: 'up' | 'down';
  readonly target: number;
  readonly period: 'month';
}

export interface IndicatorSpec extends IndicatorDefinition {
  /** City-wide typical monthly value (for flows and stocks: the city total). */
  readonly baseline: number;
  /** District-to-district variation, relative (0.1 ≈ ±10%). */
  readonly spread: number;
  readonly measure: Measure;
  readonly profile: Profile;
  /** Seasonal swing: multiplier 1 + amplitude·cos(2π(month − peakMonth)/12). */
  readonly season?: { readonly peakMonth: number; readonly amplitude: number };
  /** Relative change per month; by default a slow improvement towards the target. */
  readonly drift?: number;
}

type Extra = Pick<IndicatorSpec, 'season' | 'drift'>;

function ind(
  id: string, en: string, ko: string, unit: string, category: string, direction: 'up' | 'down',
  target: number, baseline: number, spread: number, measure: Measure, profile: Profile, extra: Extra = {},
): IndicatorSpec {
  return { id, name: { en, ko }, unit, category, direction, target, period: 'month', baseline, spread, measure, profile, ...extra };
}

const winterLow = { peakMonth: 6, amplitude: 0.01 };

export const INDICATORS: readonly IndicatorSpec[] = [
  // jobs
  ind('employment-rate', 'Employment rate', '고용률', '%', 'jobs', 'up', 62.0, 60.4, 0.04, 'rate', 'employment', { season: winterLow }),
  ind('womens-employment-rate', "Women's employment rate", '여성 고용률', '%', 'jobs', 'up', 56.0, 54.1, 0.05, 'rate', 'women', { season: winterLow }),
  ind('youth-employment-rate', 'Youth employment rate (15–29)', '청년 고용률', '%', 'jobs', 'up', 48.0, 46.2, 0.07, 'rate', 'youth'),
  ind('senior-employment-rate', 'Employment rate, 60 and over', '60세 이상 고용률', '%', 'jobs', 'up', 45.0, 42.8, 0.06, 'rate', 'older-workers'),
  ind('unemployment-rate', 'Unemployment rate', '실업률', '%', 'jobs', 'down', 3.5, 4.1, 0.12, 'rate', 'unemployment', { season: { peakMonth: 2, amplitude: 0.12 } }),
  ind('jobs-created', 'Jobs created', '일자리 창출', 'jobs', 'jobs', 'up', 9000, 8200, 0.2, 'flow', 'workers'),
  ind('job-placements', 'Job seekers placed', '취업 알선 성공', 'people', 'jobs', 'up', 3500, 3100, 0.2, 'flow', 'workers'),
  ind('new-startups', 'New start-ups', '신규 창업 기업', 'companies', 'jobs', 'up', 2300, 2100, 0.35, 'flow', 'workers'),
  // welfare
  ind('welfare-outreach-visits', 'Welfare outreach visits', '찾아가는 복지상담', 'cases', 'welfare', 'up', 45000, 42000, 0.15, 'flow', 'residents'),
  ind('senior-job-participants', 'Senior job programme participants', '어르신 일자리 참여자', 'people', 'welfare', 'up', 92000, 88000, 0.15, 'stock', 'seniors'),
  ind('public-daycare-enrolment-rate', 'Public daycare enrolment rate', '국공립어린이집 이용률', '%', 'welfare', 'up', 50.0, 46.8, 0.12, 'rate', 'children'),
  ind('kids-cafe-visitors', 'Seoul kids café visitors', '서울형 키즈카페 이용자', 'visitors', 'welfare', 'up', 70000, 64000, 0.3, 'flow', 'families', { season: { peakMonth: 1, amplitude: 0.15 } }),
  ind('seniors-living-alone-checks', 'Wellbeing checks on seniors living alone', '홀몸어르신 안부확인', 'cases', 'welfare', 'up', 170000, 158000, 0.15, 'flow', 'seniors'),
  ind('youth-rent-support-recipients', 'Youth rent support recipients', '청년월세 지원 수혜자', 'people', 'welfare', 'up', 27000, 24500, 0.25, 'stock', 'young-adults'),
  ind('dignity-income-households', 'Dignity income households supported', '안심소득 지원 가구', 'households', 'welfare', 'up', 2100, 1600, 0.3, 'stock', 'households', { drift: 0.01 }),
  ind('homeless-people', 'Homeless people', '노숙인 수', 'people', 'welfare', 'down', 2300, 2550, 0.6, 'stock', 'homeless', { season: { peakMonth: 1, amplitude: 0.05 } }),
  // environment
  ind('mini-photovoltaic-installations', 'Mini photovoltaic installations', '베란다형 미니태양광 설치', 'units', 'environment', 'up', 1500, 1200, 0.3, 'flow', 'households', { season: { peakMonth: 5, amplitude: 0.3 } }),
  ind('eco-mileage-members', 'Eco-mileage members', '에코마일리지 회원', 'members', 'environment', 'up', 2200000, 2080000, 0.1, 'stock', 'residents', { drift: 0.003 }),
  ind('pm25-monthly-mean', 'Ultrafine dust (PM2.5), monthly mean', '초미세먼지 월평균 농도', 'ug/m3', 'environment', 'down', 15.0, 19.5, 0.08, 'level', 'none', { season: { peakMonth: 2, amplitude: 0.35 } }),
  ind('pm10-monthly-mean', 'Fine dust (PM10), monthly mean', '미세먼지 월평균 농도', 'ug/m3', 'environment', 'down', 35.0, 38.0, 0.08, 'level', 'none', { season: { peakMonth: 3, amplitude: 0.35 } }),
  ind('household-waste-per-capita', 'Household waste per resident', '1인당 생활폐기물 배출량', 'kg', 'environment', 'down', 25.0, 27.4, 0.12, 'level', 'none'),
  ind('recycling-rate', 'Household waste recycling rate', '생활폐기물 재활용률', '%', 'environment', 'up', 70.0, 67.2, 0.05, 'rate', 'none'),
  ind('ev-chargers-installed', 'EV chargers installed', '전기차 충전기 신규 설치', 'units', 'environment', 'up', 1000, 850, 0.35, 'flow', 'none'),
  ind('urban-green-space-added', 'Urban forest and garden area created', '도시숲·정원 조성 면적', 'm2', 'environment', 'up', 50000, 42000, 0.45, 'flow', 'none', { season: { peakMonth: 4, amplitude: 0.4 } }),
  // housing
  ind('public-rental-housing-supplied', 'Public rental housing supplied', '공공임대주택 공급', 'homes', 'housing', 'up', 2000, 1650, 0.45, 'flow', 'households'),
  ind('youth-safe-housing-supplied', 'Youth safe housing supplied', '청년안심주택 공급', 'homes', 'housing', 'up', 500, 380, 0.55, 'flow', 'young-adults'),
  ind('housing-permits', 'Housing permits', '주택 인허가', 'homes', 'housing', 'up', 6000, 5100, 0.5, 'flow', 'none'),
  ind('home-repair-support', 'Homes repaired with city support', '집수리 지원 가구', 'households', 'housing', 'up', 1000, 880, 0.3, 'flow', 'households'),
  ind('semi-basement-relocations', 'Semi-basement households relocated', '반지하 가구 이주 지원', 'households', 'housing', 'up', 300, 240, 0.5, 'flow', 'households'),
  ind('jeonse-fraud-consultations', 'Jeonse fraud consultations', '전세피해 상담', 'cases', 'housing', 'down', 900, 1150, 0.35, 'flow', 'young-adults'),
  ind('rent-to-income-ratio', 'Rent-to-income ratio', '소득 대비 임대료 비율', '%', 'housing', 'down', 20.0, 21.6, 0.1, 'rate', 'tenants'),
  // safety
  ind('fire-incidents', 'Fires', '화재 발생', 'cases', 'safety', 'down', 430, 480, 0.25, 'flow', 'none', { season: { peakMonth: 1, amplitude: 0.25 } }),
  ind('fire-arrival-time', 'Fire engine arrival time, mean', '화재 현장 평균 도착시간', 'min', 'safety', 'down', 6.0, 6.9, 0.1, 'level', 'none'),
  ind('traffic-accidents', 'Road traffic accidents', '교통사고 발생', 'cases', 'safety', 'down', 2600, 2850, 0.2, 'flow', 'victims'),
  ind('traffic-fatalities', 'Road traffic deaths', '교통사고 사망자', 'people', 'safety', 'down', 13, 16, 0.4, 'flow', 'victims'),
  ind('five-major-crimes', 'Five major crimes reported', '5대 범죄 발생', 'cases', 'safety', 'down', 7500, 8100, 0.25, 'flow', 'victims'),
  ind('cctv-cameras', 'Crime-prevention CCTV cameras in service', '방범용 CCTV 운영', 'units', 'safety', 'up', 100000, 94000, 0.2, 'stock', 'none', { drift: 0.004 }),
  ind('safe-return-escorts', 'Safe-return escorts', '안심귀가 스카우트 이용', 'cases', 'safety', 'up', 28000, 25000, 0.3, 'flow', 'escorts'),
  ind('safety-inspection-completion', 'Safety inspections completed on schedule', '안전점검 적기 완료율', '%', 'safety', 'up', 98.0, 95.4, 0.02, 'rate', 'none'),
  // transport
  ind('public-transport-share', 'Public transport modal share', '대중교통 수단분담률', '%', 'transport', 'up', 68.0, 65.1, 0.05, 'rate', 'transit'),
  ind('subway-daily-ridership', 'Subway riders per day', '지하철 일평균 승차인원', 'thousand riders', 'transport', 'up', 7200, 6900, 0.3, 'flow', 'residents'),
  ind('bus-daily-ridership', 'City bus riders per day', '시내버스 일평균 이용객', 'thousand riders', 'transport', 'up', 4600, 4300, 0.25, 'flow', 'residents'),
  ind('average-road-speed', 'Average road speed', '평균 통행속도', 'km/h', 'transport', 'up', 23.0, 21.4, 0.1, 'level', 'none'),
  ind('bike-share-rentals', 'Ttareungyi bike rentals', '따릉이 대여', 'rentals', 'transport', 'up', 4200000, 3800000, 0.3, 'flow', 'young-adults', { season: { peakMonth: 6, amplitude: 0.35 } }),
  ind('climate-card-users', 'Climate companion card users', '기후동행카드 이용자', 'people', 'transport', 'up', 700000, 620000, 0.2, 'stock', 'residents', { drift: 0.006 }),
  ind('bus-punctuality', 'Bus punctuality', '버스 정시 운행률', '%', 'transport', 'up', 93.0, 91.2, 0.02, 'rate', 'none'),
  ind('low-floor-bus-share', 'Low-floor bus share', '저상버스 도입률', '%', 'transport', 'up', 80.0, 72.5, 0.06, 'rate', 'none', { drift: 0.004 }),
  // culture
  ind('public-library-visitors', 'Public library visitors', '공공도서관 이용자', 'visitors', 'culture', 'up', 2800000, 2550000, 0.25, 'flow', 'residents'),
  ind('museum-visitors', 'City museum and gallery visitors', '시립 미술관·박물관 관람객', 'visitors', 'culture', 'up', 330000, 295000, 0.8, 'flow', 'visitors'),
  ind('hangang-park-visitors', 'Hangang park visitors', '한강공원 방문객', 'visitors', 'culture', 'up', 7000000, 6400000, 0.5, 'flow', 'visitors', { season: { peakMonth: 8, amplitude: 0.4 } }),
  ind('cultural-events', 'Cultural events held', '문화행사 개최', 'events', 'culture', 'up', 1000, 920, 0.4, 'flow', 'none', { season: { peakMonth: 10, amplitude: 0.25 } }),
  ind('public-sports-facility-users', 'Public sports facility users', '공공체육시설 이용자', 'people', 'culture', 'up', 2300000, 2100000, 0.25, 'flow', 'residents'),
  ind('foreign-visitors', 'Foreign visitors', '외래 관광객', 'visitors', 'culture', 'up', 1300000, 1150000, 0.9, 'flow', 'visitors', { season: { peakMonth: 10, amplitude: 0.15 } }),
  ind('culture-participation-rate', 'Arts attendance rate', '문화예술 관람률', '%', 'culture', 'up', 75.0, 71.3, 0.06, 'rate', 'culture'),
  // administration
  ind('complaint-processing-days', 'Complaint processing time, mean', '민원 평균 처리기간', 'days', 'administration', 'down', 3.5, 4.3, 0.15, 'level', 'none'),
  ind('complaint-on-time-rate', 'Complaints handled on time', '민원 기한 내 처리율', '%', 'administration', 'up', 99.0, 97.4, 0.015, 'rate', 'none'),
  ind('dasan-120-answer-rate', 'Dasan 120 call answer rate', '120다산콜 응답률', '%', 'administration', 'up', 95.0, 91.3, 0.02, 'rate', 'none'),
  ind('online-civil-service-share', 'Civil services handled online', '온라인 민원 처리 비율', '%', 'administration', 'up', 85.0, 78.4, 0.06, 'rate', 'online', { drift: 0.003 }),
  ind('budget-execution-rate', 'Budget execution rate', '예산 집행률', '%', 'administration', 'up', 75.0, 68.5, 0.08, 'rate', 'none'),
  ind('local-tax-collection-rate', 'Local tax collection rate', '지방세 징수율', '%', 'administration', 'up', 97.5, 96.6, 0.01, 'rate', 'none'),
  ind('citizen-proposals', 'Citizen proposals received', '시민제안 접수', 'proposals', 'administration', 'up', 2000, 1750, 0.3, 'flow', 'residents'),
  ind('open-data-api-calls', 'Open data API calls', '공공데이터 API 호출', 'thousand calls', 'administration', 'up', 60000, 52000, 0.5, 'flow', 'none'),
];

/** The contract's fields only: what is published on the catalogue topic. */
export function toDefinition(spec: IndicatorSpec): IndicatorDefinition {
  const { id, name, unit, category, direction, target, period } = spec;
  return { id, name, unit, category, direction, target, period };
}
