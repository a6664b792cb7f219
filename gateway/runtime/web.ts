// The HTTP side, composed: who may ask (access), the display and the setup
// page, the API with health and metrics, the kiosk's heartbeats; the office
// listener behind the first-page gate, the public mirror on its own.
import type { Config } from '../config/load.js';
import { settingOf } from '../config/setting.js';
import type { Logger } from '../logger.js';
import type { LogRing } from '../log/ring.js';
import type { Store } from '../store/store.js';
import type { Bus } from '../bus.js';
import type { Metrics } from '../metrics.js';
import type { BridgeHost } from '../bridges/host.js';
import type { ActionsService } from '../actions/service.js';
import type { Catalog } from '../catalog/index.js';
import type { OrderDesk } from '../orders/desk.js';
import type { LinkState } from './link-state.js';
import { createApp, type HealthSource } from '../http/app.js';
import { defaultAllowedHosts, type AccessConfig } from '../http/access.js';
import { createKioskApi } from '../http/kiosk-api.js';
import { ScreenHeartbeats } from '../kiosk/heartbeats.js';
import { buildId } from '../build-id.js';
import { gatewayVersion } from '../version.js';
import { createSetupSource } from './setup-source.js';
import { firstPageGate, type FirstPage } from './first-page.js';
import type { Listener } from './listen.js';
import { createDisplay } from '../../display/index.js';
import { createSetupRoutes } from '../../display/setup/routes.js';
import { viewPath } from '../../display/view.js';

export interface WebDeps {
  config: Config;
  store: Store;
  bus: Bus;
  metrics: Metrics;
  log: Logger;
  ring: LogRing;
  host: BridgeHost;
  actions: ActionsService;
  catalog: Catalog;
  orderDesk: OrderDesk;
  link: () => LinkState;
  checkpoints(): { runs: number; lastMs: number };
  startedAt: number;
  health: Pick<HealthSource, 'phase' | 'warnings'>;
}

export interface Web {
  /** The office listener (first) and the public mirror's, when configured. */
  listeners: Listener[];
  /** Resolves once the first page has been served (or after a bound): then the bridges start. */
  waitForFirstPage(): Promise<FirstPage>;
  close(): void;
}

export function accessOf(config: Config): AccessConfig {
  return {
    apiToken: config.auth.apiToken,
    deviceTokens: config.auth.deviceTokens,
    allowedHosts: defaultAllowedHosts(config.auth.allowedHosts, config.http.host),
  };
}

export function createWeb(d: WebDeps): Web {
  const { config, store, bus, metrics, log, host, actions } = d;
  const access = accessOf(config);
  const heartbeats = new ScreenHeartbeats({ maxScreens: 64 });
  const build = buildId();
  const display = createDisplay({ config, store, bus, metrics, logger: log.child({ bridge: 'display' }), access, actions, catalog: d.catalog, link: d.link, buildId: build });
  const setup = createSetupRoutes({
    src: createSetupSource({ host, store, metrics, config, ring: d.ring, orderDesk: d.orderDesk, actions, checkpoints: d.checkpoints, heartbeats, buildId: build, version: gatewayVersion(), startedAt: d.startedAt }),
    access, bus, lang: config.office.language, buildId: build,
  });
  const app = createApp({
    store, bus, metrics, access, display: display.app, setup: setup.app, logger: log.child({ bridge: 'http' }), actions, viewPath, orderDesk: d.orderDesk,
    bridgeRouter: (name) => host.router(name), bridgeUploads: host.uploads(),
    kiosk: createKioskApi({ heartbeats, access, knows: (s) => actions.knows(s) }),
    maxBodyBytes: config.http.maxBodyBytes,
    health: { ...d.health, bridges: () => host.health(), screens: () => heartbeats.snapshot(Date.now()) },
  });
  const gate = firstPageGate(app.fetch);
  const listeners: Listener[] = [{ fetch: gate.fetch, host: config.http.host, port: config.http.port, key: settingOf(config, 'http.port'), hostKey: settingOf(config, 'http.host'), websocket: true }];
  if (config.display.publicPort > 0) {
    listeners.push({ fetch: display.publicApp.fetch, host: config.display.publicHost, port: config.display.publicPort, key: settingOf(config, 'display.publicPort'), hostKey: settingOf(config, 'display.publicHost'), websocket: false });
  }
  return {
    listeners,
    waitForFirstPage: () => gate.waitForFirstPage(),
    close() {
      display.close();
      setup.close();
    },
  };
}
