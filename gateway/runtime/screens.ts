// The screens' door, composed: the catalog of names (the display's data plus
// what bridges register) and the actions service over the store, with the
// display's navigator. Used by main and by the tests that build a display.
import type { Bus } from '../bus.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import type { Config } from '../config/load.js';
import { Catalog } from '../catalog/index.js';
import { ActionsService } from '../actions/service.js';
import { OrderDesk } from '../orders/desk.js';
import { ActionError } from '../actions/errors.js';
import { makeCtx } from '../../display/context.js';
import { displayCatalogData, displayNavigator } from '../../display/navigator.js';

export interface ScreenServices { catalog: Catalog; actions: ActionsService }

/** Screens that exist: the configured ones and each paired device's. */
export function knownScreens(config: Config): string[] {
  return [...new Set([...config.display.screens, ...config.auth.deviceTokens.map((d) => d.id)])];
}

export function createScreenServices(deps: { store: Store; bus: Bus; config: Config; log: Logger; link: () => { up: boolean; since: number | null }; now?: () => number; orderDesk?: OrderDesk }): ScreenServices {
  const { store, bus, config } = deps;
  const now = deps.now ?? Date.now;
  const orderDesk = deps.orderDesk ?? new OrderDesk({ store, bus, now, perPrincipalPerMinute: config.orders.perPrincipalPerMinute, timeZone: config.office.timezone });
  const ctx = () => makeCtx({ store, config, now: now(), link: deps.link(), isPublic: false, base: '', screen: null });
  const catalog = new Catalog();
  catalog.setData(displayCatalogData(ctx));
  const navigator = displayNavigator(ctx);
  const screens = knownScreens(config);
  const actions = new ActionsService({
    store, bus, catalog, log: deps.log, now,
    navigator: () => navigator,
    screens: () => screens,
    office: { language: config.office.language, timeZone: config.office.timezone },
    confirmMs: config.display.confirmSeconds * 1000,
    // The wall shows "listening" as long as the microphone's window is open.
    listenMs: config.voice.listenSeconds * 1000,
    orders: (o) => {
      // The desk records the principal, inserts durably and announces the order.
      const r = orderDesk.accept({ text: o.text, ref: o.ref, source: { screen: o.screen, via: o.via === 'presence' ? 'api' : o.via } }, { principal: o.principal, idempotencyKey: null });
      if (r.status === 'rate-limited') throw new ActionError(409, `too many orders from ${o.principal}; try again in ${r.retryAfterSeconds} s`);
      if (r.status === 'conflict') throw new ActionError(409, r.error);
      return { id: r.order.id };
    },
  });
  return { catalog, actions };
}
