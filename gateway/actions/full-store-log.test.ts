// A full disk makes every dispatch fail to keep its screen and its action-log
// row; gestures, tablets and the API keep coming. Each failure is counted in
// the log's summaries, not written one line each.
import { describe, expect, it } from 'vitest';
import { ActionsService } from './service.js';
import { Bus } from '../bus.js';
import { Catalog } from '../catalog/index.js';
import { Store } from '../store/store.js';
import { TEST_LIMITS } from '../store/test-limits.js';
import { createLogger } from '../logger.js';
import type { ActionsStore } from './service-types.js';
import type { Navigator } from './navigator.js';

const nav: Navigator = {
  subCount: () => 1, categories: () => [], itemExists: () => false, firstItem: () => null,
  districts: () => ['11110', '11140'], metrics: () => [], itemLocation: () => null, districtCentre: () => null,
};

function full(): Error {
  return Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
}

describe('the actions service on a full store', () => {
  it('1,000 dispatches: every one answered, a handful of log lines', async () => {
    const lines: Record<string, unknown>[] = [];
    const log = createLogger('info', { write: (l: string) => lines.push(JSON.parse(l) as Record<string, unknown>) });
    const real = new Store(':memory:', TEST_LIMITS);
    const store: ActionsStore = {
      getScreen: (id) => real.getScreen(id),
      setScreen: () => { throw full(); },
      recordAction: () => { throw full(); },
      listActions: (o) => real.listActions(o),
    };
    const svc = new ActionsService({
      store, bus: new Bus(), catalog: new Catalog(), log, navigator: () => nav, screens: () => ['wall'],
      orders: () => ({ id: 'o' }), office: { language: 'en', timeZone: 'Asia/Seoul' },
    });
    let answered = 0;
    for (let i = 0; i < 1000; i++) {
      await svc.dispatch({ action: i % 2 ? 'next-district' : 'previous-district', screen: 'wall' }, 'gesture', 'serial:desk').then(() => answered++, () => answered++);
    }
    expect(answered).toBe(1000);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.length).toBeLessThanOrEqual(12);
  });
});
