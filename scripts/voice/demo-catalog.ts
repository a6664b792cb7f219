// The names and capabilities of the demo configuration, as the voice
// catalogue sees them: the simulator's categories and indicators, the 25
// districts, the urban page's map metrics and three cameras named as an office
// names its own, through the same catalogInputFrom the gateway's adapter uses.
// For the tests, the accuracy corpus and `--list`. (The RTSP test pictures that
// `npm start` runs have other names; test/sigterm.test.ts checks that the
// running demo's grammar can say every one of its commands.)
import { catalogInputFrom } from '../../gateway/bridges/voice/defaults.js';
import type { CatalogInput, VoiceNames } from '../../gateway/bridges/voice/names.js';
import { CATEGORIES, INDICATORS } from '../simulator/catalogue.js';
import { DISTRICTS } from '../simulator/districts.js';

export const DEMO_CAMERAS = [
  { id: 'gangnam-station-east', name: { en: 'Gangnam Station east', ko: '강남역 동측' } },
  { id: 'city-hall-plaza', name: { en: 'City Hall plaza', ko: '시청 광장' } },
  { id: 'yeouido-park', name: { en: 'Yeouido Park', ko: '여의도공원' } },
] as const;

/** The display's metric names (display/i18n.ts). */
const METRICS = [
  { id: 'pm25', name: { en: 'PM2.5', ko: '초미세먼지' } },
  { id: 'pm10', name: { en: 'PM10', ko: '미세먼지' } },
  { id: 'o3', name: { en: 'Ozone', ko: '오존' } },
  { id: 'no2', name: { en: 'NO\u2082', ko: '이산화질소' } },
  { id: 'traffic-speed', name: { en: 'Traffic speed', ko: '통행 속도' } },
];

/** The demo configuration: cameras (DEMO_CAMERAS), orders to the simulated city, the help overlay, a microphone (voice part 2); no display power backend. */
export function demoCatalogInput(opts: { cameras?: VoiceNames['cameras'] } = {}): CatalogInput {
  return catalogInputFrom({
    districts: DISTRICTS.map((d) => ({ code: d.code, name: { en: d.nameEn, ko: d.nameKo } })),
    categories: CATEGORIES,
    indicators: INDICATORS,
    metrics: METRICS,
    cameras: opts.cameras ?? DEMO_CAMERAS,
    capabilities: { orders: true, displayPower: false, help: true, microphone: true },
  });
}

export function demoNames(opts: { cameras?: VoiceNames['cameras'] } = {}): VoiceNames {
  return demoCatalogInput(opts).names;
}
