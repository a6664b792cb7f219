// Ports for a bridge under test: the real bus, metrics and store-backed host
// services, a config parsed from YAML like the gateway's, and a recorder of
// failures. Used by bridge unit tests and the shared contract suite.
import { Bus } from '../bus.js';
import { Metrics } from '../metrics.js';
import { createLogger, type Logger } from '../logger.js';
import { parseConfig, officeInfo, type Config } from '../config/load.js';
import { Store } from '../store/store.js';
import { Ingestor } from '../ingest/ingestor.js';
import { hostServices } from '../runtime/host-services.js';
import type { AnyDescriptor, BridgePorts, ServiceName } from './types.js';
import type { Services } from './services.js';
import { createProcessSupervisor, type ProcessSupervisor } from '../process/index.js';
import { scopeProcesses } from '../process/scoped.js';
import { BridgeHost, type HostOptions } from './host.js';
import { BRIDGES } from './index.js';
import { createScreenServices, type ScreenServices } from '../runtime/screens.js';
import { scopeCatalog } from '../catalog/index.js';
import { MAP_DISTRICTS } from '../contract/map-districts.js';

export interface TestPorts<S> {
  ports: BridgePorts<S>;
  screens: ScreenServices;
  bus: Bus;
  metrics: Metrics;
  config: Config;
  store: Store;
  failures: Error[];
  processes: ProcessSupervisor;
  /** Services offered by the bridge under test. */
  provided: Map<ServiceName, unknown>;
  /** Offers a service as another bridge would. */
  offer<K extends ServiceName>(name: K, value: Services[K]): void;
  close(): void;
}

export function testPorts<S>(d: AnyDescriptor, yaml: string, opts: { logger?: Logger; store?: Store; env?: Record<string, string>; bridges?: readonly AnyDescriptor[] } = {}): TestPorts<S> {
  const config = parseConfig(yaml, 'test.yaml', opts.env ?? {}, opts.bridges);
  const store = opts.store ?? new Store(':memory:', config.store);
  const bus = new Bus(opts.logger);
  const metrics = new Metrics();
  const log = opts.logger ?? createLogger('silent');
  const ingestor = new Ingestor(store, bus, metrics, log, { topicRoot: config.upstream.topicRoot, officeId: config.office.id, maxPayloadBytes: config.upstream.maxPayloadBytes, districts: MAP_DISTRICTS, groupCommitMs: 0 });
  const offered = new Map<ServiceName, unknown>(Object.entries(hostServices(store, bus, ingestor, metrics)) as [ServiceName, unknown][]);
  const provided = new Map<ServiceName, unknown>();
  const failures: Error[] = [];
  const scope = bus.scope(d.name);
  const processes = createProcessSupervisor({ log });
  const children = scopeProcesses(processes, d.name);
  const screens = createScreenServices({ store, bus, config, log, link: () => ({ up: true, since: null }) });
  const names = scopeCatalog(screens.catalog, d.name);
  const ports: BridgePorts<S> = {
    config: (config as unknown as Record<string, unknown>)[d.configKey] as S,
    office: officeInfo(config),
    log: log.child({ bridge: d.name }),
    metrics,
    bus: scope,
    processes: children,
    actions: {
      dispatch: (input, source, principal, o) => screens.actions.dispatch(input, source, principal, o),
      offer: (capability, handler) => void screens.actions.offer(capability, d.name, handler),
      has: (capability) => screens.actions.has(capability),
      state: (screen) => screens.actions.state(screen),
    },
    catalog: names,
    need: (name) => {
      const v = offered.get(name) ?? provided.get(name);
      if (v === undefined) throw new Error(`needs "${name}", which nothing offers right now`);
      return v as Services[typeof name];
    },
    provide: (name, value) => void provided.set(name, value),
    fail: (err) => void failures.push(err),
  };
  return {
    ports, screens, bus, metrics, config, store, failures, provided, processes,
    offer: (name, value) => void offered.set(name, value),
    close() {
      ingestor.close();
      scope.dispose();
      names.dispose();
      screens.actions.close();
      void children.dispose();
      if (!opts.store) store.close();
    },
  };
}

export interface TestHost {
  host: BridgeHost;
  screens: ScreenServices;
  store: Store;
  bus: Bus;
  metrics: Metrics;
  config: Config;
  processes: ProcessSupervisor;
  close(): Promise<void>;
}

/** A bridge host over real parts (an in-memory store, the bus, the process supervisor), as main.ts composes it. */
export function testHost(list: readonly AnyDescriptor[], yaml: string, opts: { logger?: Logger; host?: Partial<HostOptions> } = {}): TestHost {
  // The config of every bridge (the core reads upstream.topicRoot), whichever subset runs.
  const config = parseConfig(yaml, 'test.yaml', {}, [...new Set([...BRIDGES, ...list])]);
  const store = new Store(':memory:', config.store);
  const log = opts.logger ?? createLogger('silent');
  const bus = new Bus(log);
  const metrics = new Metrics();
  const ingestor = new Ingestor(store, bus, metrics, log, { topicRoot: config.upstream.topicRoot, officeId: config.office.id, maxPayloadBytes: config.upstream.maxPayloadBytes, districts: MAP_DISTRICTS, groupCommitMs: 0 });
  const processes = createProcessSupervisor({ log });
  const screens = createScreenServices({ store, bus, config, log, link: () => ({ up: true, since: null }) });
  const host = new BridgeHost(list, {
    log, metrics, bus, processes, office: officeInfo(config), actions: screens.actions, catalog: screens.catalog,
    sections: config as unknown as Record<string, unknown>,
    services: hostServices(store, bus, ingestor, metrics),
    ...opts.host,
  });
  return {
    host, screens, store, bus, metrics, config, processes,
    async close() {
      screens.actions.close();
      await host.stopAll(3000);
      await processes.stopAll(2000);
      ingestor.close();
      store.close();
    },
  };
}
