// How the wall's names are said, where the shown name will not do ("PM2.5",
// "Administration" as both a page and a category), the pages, lists and order
// phrasings — and `catalogInputFrom`, which builds the catalogue's input from
// plain lists of names, so the host's adapter over its catalog is a few lines.
import type { CatalogInput, VoiceCapabilities, VoiceNames } from './names.js';

type Named = { readonly id: string; readonly name: { readonly en: string; readonly ko: string } };

/** Top-level pages: spoken names, and sub-pages offered by ordinal ("second page of pledges"). */
export const PAGES: VoiceNames['pages'] = [
  { page: 'overview', name: { en: 'Overview', ko: '종합', spoken: ['overview'] }, subPages: 2 },
  { page: 'urban', name: { en: 'Urban', ko: '도시 현황', spoken: ['urban', 'city status'] }, subPages: 2 },
  { page: 'opinion', name: { en: 'Opinion', ko: '여론', spoken: ['opinion', 'public opinion'] }, subPages: 2 },
  { page: 'admin', name: { en: 'Administration', ko: '행정', spoken: ['administration'] }, subPages: 1 },
  { page: 'pledges', name: { en: 'Pledges', ko: '공약', spoken: ['pledges'] }, subPages: 2 },
];

/** The main list of each page ("open the first incident" goes to the page, then opens its first item). */
export const LISTS: VoiceNames['lists'] = [
  { kind: 'incident', page: 'urban', name: { en: 'incident', ko: '사건' } },
  { kind: 'complaint', page: 'opinion', name: { en: 'complaint', ko: '민원' } },
  { kind: 'pledge', page: 'pledges', name: { en: 'pledge', ko: '공약' } },
];

/** The actions service's order templates (gateway/actions/order-templates.ts), as said about the open item. */
export const ORDER_PHRASES: VoiceNames['orderTemplates'] = [
  { id: 'report', en: ['ask for a report on this incident', 'ask for a report on this complaint'], ko: ['이 건 보고 요청'] },
  { id: 'status-update', en: ['ask for a status update on this incident', 'ask for a status update on this complaint'], ko: ['이 건 진행 상황 요청'] },
  { id: 'site-visit', en: ['arrange a site visit for this incident', 'arrange a site visit for this complaint'], ko: ['이 건 현장 방문 준비'] },
  { id: 'more-units', en: ['send more units to this incident'], ko: ['이 건 추가 인력 검토 요청'] },
];

/** Map metrics by id: shown names hold digits and symbols. */
export const METRIC_SPOKEN: Readonly<Record<string, readonly string[]>> = {
  pm25: ['ultra fine dust'],
  pm10: ['fine dust'],
  o3: ['ozone'],
  no2: ['nitrogen dioxide'],
};

/** Categories whose shown name is ambiguous ("Administration" is also a page) or long. */
export const CATEGORY_SPOKEN: Readonly<Record<string, readonly string[]>> = {
  culture: ['culture'],
  administration: ['city administration'],
};

/** The most used indicators and the plain words said for them (no digits, no brand names); only these get commands. */
export const INDICATOR_SPOKEN: Readonly<Record<string, readonly string[]>> = {
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

/** The urban page's map metrics (the display's AIR_METRICS). */
export const MAP_METRICS: readonly string[] = ['pm25', 'pm10', 'o3', 'no2'];

const withSpoken = <T extends Named>(x: T, spoken: readonly string[] | undefined) => ({ id: x.id, name: spoken ? { ...x.name, spoken } : x.name });

/**
 * The catalogue's input from plain lists (what the host's catalog gives):
 * districts as shown ("Gangnam-gu"), categories, all indicators (only the
 * most used get commands), metrics (only the map's), cameras.
 */
export function catalogInputFrom(src: {
  districts: readonly { code: string; name: { en: string; ko: string } }[];
  categories: readonly Named[];
  indicators: readonly (Named & { category: string })[];
  metrics: readonly Named[];
  cameras: readonly Named[];
  capabilities: Omit<VoiceCapabilities, 'cameras'>;
}): CatalogInput {
  const byId = new Map(src.metrics.map((m) => [m.id, m]));
  const names: VoiceNames = {
    pages: PAGES,
    districts: src.districts.map((d) => ({ code: d.code, name: d.name })),
    categories: src.categories.map((c) => withSpoken(c, CATEGORY_SPOKEN[c.id])),
    indicators: src.indicators.filter((i) => INDICATOR_SPOKEN[i.id]).map((i) => ({ ...withSpoken(i, INDICATOR_SPOKEN[i.id]), category: i.category })),
    metrics: MAP_METRICS.map((id) => byId.get(id) ?? { id, name: { en: id, ko: id } }).map((m) => withSpoken(m, METRIC_SPOKEN[m.id])),
    cameras: src.cameras.map((c) => ({ id: c.id, name: c.name })),
    lists: LISTS,
    orderTemplates: ORDER_PHRASES,
  };
  return { names, capabilities: { ...src.capabilities, cameras: src.cameras.length > 0 } };
}
