import { describe, expect, it } from 'vitest';
import { setup } from '../test-helpers.js';
import { makeCtx } from '../context.js';
import { parseView } from '../view.js';
import { pageModel, pagePanels } from './index.js';

const PATHS = ['/', '/?metric=pm10', '/urban', '/urban?metric=o3&p=2', '/opinion', '/opinion?p=2', '/admin', '/admin/jobs', '/admin/jobs?p=2',
  '/pledges', '/district/11230', '/district/11230/jobs', '/urban?open=incident:inc-20261123-0040', '/admin/jobs?open=indicator:employment-rate',
  '/district/11230?open=indicator:employment-rate', '/opinion?open=complaint:cmp-88203'];

describe('page declarations', () => {
  it('declare every panel a page draws, with the same dependencies, from the view alone', () => {
    const t = setup();
    for (const path of PATHS) {
      const [p, q] = path.split('?');
      const view = parseView(p!, Object.fromEntries(new URLSearchParams(q ?? '')))!;
      const declared = pagePanels(view).map(({ id, deps, figures }) => ({ id, deps, figures }));
      const ctx = makeCtx({ store: t.store, config: t.config, now: t.state.now, link: t.state.link, isPublic: false, base: '', screen: null });
      const drawn = pageModel(ctx, view).panels.map(({ id, deps, figures }) => ({ id, deps, figures }));
      expect(declared, path).toEqual(drawn);
    }
  });
});
