// The setup page's words, in both office languages.
export type SetupLang = 'en' | 'ko';

const T = {
  title: { en: 'Setup', ko: '설치·점검' },
  bridges: { en: 'Bridges', ko: '연결 모듈' },
  link: { en: 'City link', ko: '시 데이터 연결' },
  broker: { en: 'Local broker (office devices)', ko: '로컬 브로커 (사무실 장치)' },
  store: { en: 'Store', ko: '저장소' },
  orders: { en: 'Orders', ko: '지시' },
  config: { en: 'Configuration', ko: '설정' },
  build: { en: 'Build', ko: '빌드' },
  log: { en: 'Log', ko: '로그' },
  state: { en: 'state', ko: '상태' },
  since: { en: 'since', ko: '시작' },
  restarts: { en: 'restarts', ko: '재시작' },
  lastError: { en: 'last error', ko: '마지막 오류' },
  restart: { en: 'Restart', ko: '재시작' },
  confirm: { en: 'Yes, do it', ko: '예, 실행' },
  cancel: { en: 'Cancel', ko: '취소' },
  sure: { en: 'Are you sure?', ko: '실행할까요?' },
  testOrder: { en: 'Send a test order', ko: '시험 지시 보내기' },
  wake: { en: 'Wake the display', ko: '화면 켜기' },
  sleep: { en: 'Sleep the display', ko: '화면 끄기' },
  noPower: { en: 'No display power backend is configured.', ko: '화면 전원 제어가 설정되어 있지 않습니다.' },
  lastMessage: { en: 'Last message per kind', ko: '종류별 마지막 메시지' },
  rejected: { en: 'Rejected messages', ko: '거부된 메시지' },
  never: { en: 'never', ko: '없음' },
  up: { en: 'up', ko: '정상' },
  down: { en: 'down', ko: '끊김' },
  size: { en: 'size', ko: '크기' },
  cap: { en: 'cap', ko: '상한' },
  retention: { en: 'retention', ko: '보존 기간' },
  rows: { en: 'rows per table', ko: '표별 행 수' },
  checkpoints: { en: 'checkpoints', ko: '체크포인트' },
  problems: { en: 'Problems', ko: '문제' },
  warnings: { en: 'Warnings', ko: '경고' },
  none: { en: 'none', ko: '없음' },
  file: { en: 'file', ko: '파일' },
  version: { en: 'version', ko: '버전' },
  uptime: { en: 'up since', ko: '가동 시작' },
  filter: { en: 'Filter', ko: '거르기' },
  all: { en: 'all', ko: '전체' },
  language: { en: '한국어', ko: 'English' },
  screens: { en: 'Screens', ko: '화면' },
  screen: { en: 'screen', ko: '화면' },
  page: { en: 'page', ko: '페이지' },
  heartbeat: { en: 'last heartbeat', ko: '마지막 신호' },
  kioskRestarts: { en: 'kiosk restarts', ko: '키오스크 재시작' },
  lastRestart: { en: 'last restart', ko: '마지막 재시작' },
  noHeartbeat: { en: 'none yet', ko: '아직 없음' },
  ago: { en: 'ago', ko: '전' },
  late: { en: 'late: the kiosk restarts its browser after', ko: '늦음: 키오스크가 브라우저를 다시 시작하는 기준' },
  noScreens: {
    en: 'No wall page has sent a heartbeat since the gateway started. An open wall page sends one every few seconds; a kiosk reports its restarts here too.',
    ko: '게이트웨이 시작 후 신호를 보낸 벽면 화면이 없습니다. 열린 벽면 화면은 몇 초마다 신호를 보내고, 키오스크는 재시작도 여기에 알립니다.',
  },
} as const;

export type SetupKey = keyof typeof T;

export function st(lang: SetupLang, key: SetupKey): string {
  return T[key][lang];
}
