// The names and capabilities of the demo configuration, as the voice
// catalogue sees them: the simulator's categories and indicators, the 25
// districts, the urban page's map metrics, the demo's test cameras and the
// order templates. Used by the tests and `--list`; the gateway gets the same
// shape from its catalog of names at run time.
import type { CatalogInput, VoiceNames } from '../../gateway/bridges/voice/names.js';
import { CATEGORIES, INDICATORS } from '../simulator/catalogue.js';
import { DISTRICTS } from '../simulator/districts.js';

/** Spoken forms of the categories whose shown name is ambiguous or long. */
const CATEGORY_SPOKEN: Record<string, string[]> = {
  culture: ['culture'],
  // "Administration" is also the admin page's name.
  administration: ['city administration'],
};

/** The most used indicators, with the words said for them (no digits, no brand names). */
const MOST_USED: Record<string, string[]> = {
  'employment-rate': ['employment rate'],
  'unemployment-rate': ['unemployment rate'],
  'jobs-created': ['jobs created'],
  'new-startups': ['new startups'],
  'homeless-people': ['homeless people'],
  'recycling-rate': ['recycling rate'],
  'household-waste-per-capita': ['household waste'],
  'ev-chargers-installed': ['electric car chargers'],
  'public-rental-housing-supplied': ['public rental housing'],
  'housing-permits': ['housing permits'],
  'fire-incidents': ['fires'],
  'traffic-accidents': ['traffic accidents'],
  'five-major-crimes': ['major crimes'],
  'public-transport-share': ['public transport share'],
  'subway-daily-ridership': ['subway riders'],
  'bus-daily-ridership': ['bus riders'],
  'bike-share-rentals': ['bike rentals'],
  'public-library-visitors': ['library visitors'],
  'foreign-visitors': ['foreign visitors'],
  'complaint-processing-days': ['complaint processing time'],
  'budget-execution-rate': ['budget execution'],
};

export const DEMO_CAMERAS = [
  { id: 'gangnam-station-east', name: { en: 'Gangnam Station east', ko: '강남역 동측' } },
  { id: 'city-hall-plaza', name: { en: 'City Hall plaza', ko: '시청 광장' } },
  { id: 'yeouido-park', name: { en: 'Yeouido Park', ko: '여의도공원' } },
] as const;

export function demoNames(opts: { cameras?: VoiceNames['cameras'] } = {}): VoiceNames {
  return {
    pages: [
      { page: 'overview', name: { en: 'Overview', ko: '종합', spoken: ['overview'] }, subPages: 2 },
      { page: 'urban', name: { en: 'Urban', ko: '도시 현황', spoken: ['urban', 'city status'] }, subPages: 3 },
      { page: 'opinion', name: { en: 'Opinion', ko: '여론', spoken: ['opinion', 'public opinion'] }, subPages: 3 },
      { page: 'admin', name: { en: 'Administration', ko: '행정', spoken: ['administration'] }, subPages: 1 },
      { page: 'pledges', name: { en: 'Pledges', ko: '공약', spoken: ['pledges'] }, subPages: 3 },
    ],
    districts: DISTRICTS.map((d) => ({ code: d.code, name: { en: d.nameEn, ko: d.nameKo } })),
    categories: CATEGORIES.map((c) => ({ id: c.id, name: { ...c.name, ...(CATEGORY_SPOKEN[c.id] ? { spoken: CATEGORY_SPOKEN[c.id] } : {}) } })),
    indicators: INDICATORS.filter((i) => MOST_USED[i.id]).map((i) => ({ id: i.id, category: i.category, name: { ...i.name, spoken: MOST_USED[i.id]! } })),
    metrics: [
      { id: 'pm25', name: { en: 'PM2.5', ko: '초미세먼지', spoken: ['ultra fine dust'] } },
      { id: 'pm10', name: { en: 'PM10', ko: '미세먼지', spoken: ['fine dust'] } },
      { id: 'o3', name: { en: 'Ozone', ko: '오존' } },
      { id: 'no2', name: { en: 'NO₂', ko: '이산화질소', spoken: ['nitrogen dioxide'] } },
    ],
    cameras: opts.cameras ?? DEMO_CAMERAS,
    lists: [
      { kind: 'incident', page: 'urban', name: { en: 'incident', ko: '사건' } },
      { kind: 'complaint', page: 'opinion', name: { en: 'complaint', ko: '민원' } },
      { kind: 'pledge', page: 'pledges', name: { en: 'pledge', ko: '공약' } },
    ],
    // The actions service's templates (gateway/actions/order-templates.ts), as said about the open item.
    orderTemplates: [
      { id: 'report', en: ['ask for a report on this incident', 'ask for a report on this complaint'], ko: ['이 건 보고 요청'] },
      { id: 'status-update', en: ['ask for a status update on this incident', 'ask for a status update on this complaint'], ko: ['이 건 진행 상황 요청'] },
      { id: 'site-visit', en: ['arrange a site visit for this incident', 'arrange a site visit for this complaint'], ko: ['이 건 현장 방문 준비'] },
      { id: 'more-units', en: ['send more units to this incident'], ko: ['이 건 추가 인력 검토 요청'] },
    ],
  };
}

/** The demo configuration: cameras (the demo's RTSP test pictures), orders to the simulated city, the help overlay; no display power backend. */
export function demoCatalogInput(opts: { cameras?: VoiceNames['cameras'] } = {}): CatalogInput {
  const names = demoNames(opts);
  return { names, capabilities: { cameras: names.cameras.length > 0, orders: true, displayPower: false, help: true } };
}
