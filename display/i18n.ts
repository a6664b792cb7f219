// Display strings in the office's language (config.office.language), or the
// public reader's (the mirror is served in every language).
export type Lang = 'en' | 'ko';
export const LANGS: readonly Lang[] = ['en', 'ko'];
/** Each language's name in itself: a language switch reads in the language it leads to. */
export const LANG_NAMES: Readonly<Record<Lang, string>> = { en: 'English', ko: '한국어' };

const STRINGS = {
  overview: { en: 'Overview', ko: '종합' },
  urban: { en: 'Urban', ko: '도시 현황' },
  opinion: { en: 'Opinion', ko: '여론' },
  admin: { en: 'Administration', ko: '행정' },
  pledges: { en: 'Pledges', ko: '공약' },
  district: { en: 'District', ko: '자치구' },
  home: { en: 'Home', ko: '처음' },
  help: { en: 'Help', ko: '도움말' },
  noCameras: { en: 'No camera is configured.', ko: '설정된 카메라가 없습니다.' },
  noSuchCamera: { en: 'This camera is not configured (any more).', ko: '설정되지 않은 카메라입니다.' },
  back: { en: 'Back', ko: '뒤로' },
  next: { en: 'Next', ko: '다음' },
  previous: { en: 'Previous', ko: '이전' },
  close: { en: 'Close', ko: '닫기' },
  page: { en: 'Page', ko: '쪽' },
  linkUp: { en: 'City link up', ko: '시 연결 정상' },
  diskFull: { en: 'Disk full: new data is not being stored', ko: '디스크 가득 참: 새 데이터를 저장하지 못합니다' },
  linkDown: { en: 'Link down', ko: '연결 끊김' },
  linkDownSince: { en: 'link down since {t} — showing stored data', ko: '{t}부터 연결 끊김 — 저장된 자료 표시 중' },
  linkDownNever: { en: 'link down — showing stored data', ko: '연결 끊김 — 저장된 자료 표시 중' },
  asOf: { en: 'as of {t}', ko: '{t} 기준' },
  stale: { en: 'STALE', ko: '지난 자료' },
  noData: { en: 'No data yet', ko: '자료 없음' },
  openIncidents: { en: 'Open incidents', ko: '진행 중 사건' },
  incidents: { en: 'Incidents', ko: '사건·사고' },
  complaintPipeline: { en: 'Complaint pipeline', ko: '민원 처리 현황' },
  airQuality: { en: 'Air quality', ko: '대기질' },
  headlineIndicators: { en: 'Headline indicators', ko: '주요 지표' },
  livePolls: { en: 'Live polls', ko: '진행 중 투표' },
  polls: { en: 'Polls', ko: '투표' },
  suggestions: { en: 'Resident suggestions', ko: '주민 제안' },
  latestComplaints: { en: 'Latest complaints', ko: '최근 민원' },
  mediaTrends: { en: 'Media trends', ko: '미디어 동향' },
  waterQuality: { en: 'Water quality', ko: '수질' },
  traffic: { en: 'Traffic', ko: '교통' },
  urbanMetrics: { en: 'Urban metrics', ko: '도시 지표' },
  report: { en: 'Report', ko: '신고' },
  reception: { en: 'Reception', ko: '접수' },
  handling: { en: 'Handling', ko: '처리 중' },
  done: { en: 'Done', ko: '완료' },
  received: { en: 'Received', ko: '접수' },
  dispatched: { en: 'Dispatched', ko: '출동' },
  onScene: { en: 'On scene', ko: '현장 도착' },
  closed: { en: 'Closed', ko: '종료' },
  onTarget: { en: 'on target', ko: '목표 달성' },
  offTarget: { en: 'off target', ko: '목표 미달' },
  target: { en: 'Target', ko: '목표' },
  cityTarget: { en: 'City target', ko: '시 목표' },
  notJudged: { en: 'district total', ko: '자치구 합계' },
  judgedOf: { en: '{j} of {n} judged', ko: '{n}개 중 {j}개 평가' },
  value: { en: 'Value', ko: '값' },
  trend: { en: 'Trend', ko: '추이' },
  monthly: { en: 'Month', ko: '월' },
  annual: { en: 'Year avg', ko: '연평균' },
  byDistrict: { en: 'By district', ko: '자치구별' },
  byGender: { en: 'By gender', ko: '성별' },
  byAge: { en: 'By age band', ko: '연령대별' },
  female: { en: 'Female', ko: '여성' },
  male: { en: 'Male', ko: '남성' },
  progress: { en: 'Progress', ko: '진척률' },
  budget: { en: 'Budget executed / allocated', ko: '예산 집행 / 배정' },
  votes: { en: 'votes', ko: '표' },
  voters: { en: 'voters', ko: '명 참여' },
  pollLive: { en: 'LIVE', ko: '실시간' },
  pollClosed: { en: 'closed', ko: '마감' },
  pollScheduled: { en: 'scheduled', ko: '예정' },
  privatePoll: { en: 'private', ko: '비공개' },
  navPages: { en: 'pages', ko: '화면' },
  metricChoice: { en: 'metric', ko: '지표' },
  complaintAgeing: { en: 'open complaints by age', ko: '경과 일수별 미처리 민원' },
  days: { en: '{n} d', ko: '{n}일' },
  closes: { en: 'closes {t}', ko: '{t} 마감' },
  mentions: { en: 'mentions', ko: '언급' },
  minutes: { en: 'min', ko: '분' },
  ago: { en: '{n} ago', ko: '{n} 전' },
  justNow: { en: 'just now', ko: '방금' },
  avgAge: { en: 'oldest open', ko: '최장 경과' },
  more: { en: '+{n} more', ko: '외 {n}건' },
  none: { en: 'None', ko: '없음' },
  categories: { en: 'Categories', ko: '분야' },
  indicatorCount: { en: '{n} indicators', ko: '지표 {n}개' },
  indicatorOne: { en: '1 indicator', ko: '지표 1개' },
  legend: { en: 'Legend', ko: '범례' },
  tapDistrict: { en: 'Tap a district to open it', ko: '자치구를 누르면 열립니다' },
  publicMirror: { en: 'Public view', ko: '공개 화면' },
  summaryHidden: { en: '(summary not public)', ko: '(내용 비공개)' },
  units: { en: 'Units', ko: '출동대' },
  severity: { en: 'Severity', ko: '심각도' },
  sentiment: { en: 'sentiment', ko: '감성' },
  status: { en: 'Status', ko: '상태' },
  'on-track': { en: 'On track', ko: '정상 추진' },
  'at-risk': { en: 'At risk', ko: '위험' },
  delayed: { en: 'Delayed', ko: '지연' },
  'pledge-done': { en: 'Done', ko: '완료' },
  cameras: { en: 'Cameras', ko: '카메라' },
  unauthorized: { en: 'This screen is not paired', ko: '이 화면은 등록되지 않았습니다' },
  other: { en: 'Other', ko: '기타' },
  city: { en: 'Seoul (city)', ko: '서울시 전체' },
  department: { en: 'Department', ko: '담당 부서' },
  ageLabel: { en: 'Age', ko: '경과' },
  oldest: { en: 'Oldest', ko: '최장' },
} as const satisfies Record<string, { en: string; ko: string }>;

export type StringKey = keyof typeof STRINGS;

export function t(lang: Lang, key: StringKey, vars: Record<string, string | number> = {}): string {
  let s: string = STRINGS[key][lang];
  for (const [k, v] of Object.entries(vars)) s = s.replace(`{${k}}`, String(v));
  return s;
}

export function hasString(key: string): key is StringKey {
  return key in STRINGS;
}

const CATEGORY_NAMES: Record<string, { en: string; ko: string }> = {
  jobs: { en: 'Jobs', ko: '일자리' },
  economy: { en: 'Economy', ko: '경제' },
  welfare: { en: 'Welfare', ko: '복지' },
  housing: { en: 'Housing', ko: '주택' },
  environment: { en: 'Environment', ko: '환경' },
  safety: { en: 'Safety', ko: '안전' },
  transport: { en: 'Transport', ko: '교통' },
  health: { en: 'Health', ko: '보건' },
  education: { en: 'Education', ko: '교육' },
  culture: { en: 'Culture', ko: '문화' },
  administration: { en: 'Administration', ko: '행정' },
};

export function categoryName(lang: Lang, category: string): string {
  return CATEGORY_NAMES[category]?.[lang] ?? category.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

const METRIC_NAMES: Record<string, { en: string; ko: string; unit?: string }> = {
  pm10: { en: 'PM10', ko: '미세먼지' },
  pm25: { en: 'PM2.5', ko: '초미세먼지' },
  o3: { en: 'Ozone', ko: '오존' },
  no2: { en: 'NO₂', ko: '이산화질소' },
  'traffic-speed': { en: 'Traffic speed', ko: '통행 속도' },
  'water-turbidity': { en: 'Water turbidity', ko: '수질 탁도' },
  'water-ph': { en: 'Water pH', ko: '수질 pH' },
  temperature: { en: 'Temperature', ko: '기온' },
  humidity: { en: 'Humidity', ko: '습도' },
};

export function metricName(lang: Lang, metric: string): string {
  return METRIC_NAMES[metric]?.[lang] ?? metric;
}

const KINDS: Record<string, { en: string; ko: string }> = {
  fire: { en: 'Fire', ko: '화재' },
  rescue: { en: 'Rescue', ko: '구조' },
  police: { en: 'Police', ko: '치안' },
  disaster: { en: 'Disaster', ko: '재난' },
  medical: { en: 'Medical', ko: '구급' },
  'illegal-parking': { en: 'Illegal parking', ko: '불법 주차' },
  'illegal-banner': { en: 'Illegal banner', ko: '불법 현수막' },
  'illegal-dumping': { en: 'Illegal dumping', ko: '무단 투기' },
  'sidewalk-repair': { en: 'Sidewalk repair', ko: '보도 보수' },
  'streetlight-repair': { en: 'Streetlight repair', ko: '가로등 보수' },
  noise: { en: 'Noise', ko: '소음' },
  sewage: { en: 'Sewage', ko: '하수' },
  'public-facility': { en: 'Public facility', ko: '공공시설' },
  hazard: { en: 'Hazard', ko: '위험 요소' },
  other: { en: 'Other', ko: '기타' },
};

export function kindName(lang: Lang, kind: string): string {
  return KINDS[kind]?.[lang] ?? kind.replace(/-/g, ' ');
}
