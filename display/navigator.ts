// What the actions service and the catalog need to know of the display's
// data, given to them (they never import the display): sub-page counts, the
// order of categories, districts and map metrics, the first item of a page's
// main list, where things are, and the names of what can be pointed at.
import type { Navigator } from '../gateway/actions/navigator.js';
import type { CatalogData } from '../gateway/catalog/index.js';
import type { RenderCtx } from './context.js';
import type { View } from './view.js';
import { pageModel } from './pages/index.js';
import { AIR_METRICS, categories, headlineDefs, newestComplaints, indicatorDefs, openIncidents, pledges } from './data.js';
import { districtCentre, districts } from './map/geo.js';
import { categoryName, metricName } from './i18n.js';

/** Map metrics a page's main map can show, in the order next-metric walks them. */
const PAGE_METRICS: Partial<Record<View['page'], readonly string[]>> = {
  overview: ['pm25', 'pm10', 'o3'],
  urban: AIR_METRICS,
};

export function displayNavigator(ctx: () => RenderCtx): Navigator {
  return {
    subCount: (v) => pageModel(ctx(), v).subCount,
    categories: () => categories(indicatorDefs(ctx())),
    itemExists: (item) => {
      const c = ctx();
      const [kind, ...rest] = item.split(':');
      const id = rest.join(':');
      if (kind === 'indicator') return c.store.indicatorDefs().some((d) => d.id === id);
      return c.store.getEntity(kind as 'incident' | 'complaint' | 'poll' | 'pledge', id) !== null;
    },
    firstItem: (v) => {
      const c = ctx();
      switch (v.page) {
        case 'overview':
        case 'urban': {
          const i = openIncidents(c, { offset: 0, limit: 1 })[0];
          return i ? `incident:${i.id}` : null;
        }
        case 'opinion': {
          const cm = newestComplaints(c, { limit: 1, open: true })[0];
          return cm ? `complaint:${cm.id}` : null;
        }
        case 'admin': {
          const defs = indicatorDefs(c).filter((d) => !v.category || d.category === v.category);
          const d = headlineDefs(defs, 1)[0] ?? defs[0];
          return d ? `indicator:${d.id}` : null;
        }
        case 'pledges': {
          const p = pledges(c)[0];
          return p ? `pledge:${p.id}` : null;
        }
        case 'district': {
          const i = openIncidents(c, { district: v.district ?? undefined, offset: 0, limit: 1 })[0];
          if (i) return `incident:${i.id}`;
          const cm = newestComplaints(c, { limit: 1, district: v.district ?? undefined })[0];
          return cm ? `complaint:${cm.id}` : null;
        }
        case 'cameras':
          return null;
      }
    },
    districts: () => districts().map((d) => d.code),
    metrics: (v) => [...(PAGE_METRICS[v.page] ?? [])],
    itemLocation: (item) => {
      if (!item.startsWith('incident:')) return null;
      const row = ctx().store.getEntity<{ location?: { lat?: unknown; lon?: unknown } }>('incident', item.slice('incident:'.length));
      const loc = row?.data.location;
      return loc && typeof loc.lat === 'number' && typeof loc.lon === 'number' ? { lat: loc.lat, lon: loc.lon } : null;
    },
    districtCentre,
  };
}

export function displayCatalogData(ctx: () => RenderCtx): CatalogData {
  return {
    districts: () => districts().map((d) => ({ code: d.code, name: { en: d.nameEn, ko: d.nameKo }, centre: districtCentre(d.code) })),
    categories: () => categories(indicatorDefs(ctx())).map((id) => ({ id, name: { en: categoryName('en', id), ko: categoryName('ko', id) } })),
    indicators: () => indicatorDefs(ctx()).map((d) => ({ id: d.id, name: d.name, category: d.category })),
    metrics: () => [...new Set([...AIR_METRICS, 'traffic-speed', 'water-turbidity'])].map((id) => ({ id, name: { en: metricName('en', id), ko: metricName('ko', id) } })),
    openItems: () => {
      const c = ctx();
      return [
        ...openIncidents(c, { offset: 0, limit: 200 }).map((i) => ({ key: `incident:${i.id}`, title: i.title })),
        ...newestComplaints(c, { limit: 200, open: true }).map((x) => ({ key: `complaint:${x.id}`, title: x.category })),
      ];
    },
  };
}
