// What a bridge is, as data (cf. Zigbee2MQTT extensions, go2rtc modules): a
// descriptor that names it, declares its config section, says when it runs
// and loads its implementation lazily; the implementation gets narrow ports.
import type { z } from 'zod';
import type { Hono } from 'hono';
import type { BusPort } from '../bus.js';
import type { Logger } from '../logger.js';
import type { MetricsPort } from '../metrics.js';
import type { Services } from './services.js';
import type { ProcessPort } from '../process/types.js';
import type { CatalogPort } from '../catalog/index.js';
import type { Capability, CapabilityHandler, DispatchOptions, DispatchResult } from '../actions/service.js';
import type { Source } from '../actions/vocabulary.js';
import type { ScreenState } from '../actions/service-types.js';

/** The one door to the screens, as a bridge sees it. */
export interface ActionsPort {
  /** Does an action for `principal` (e.g. `serial:desk-gestures`); rejects with an ActionError (status 400/404/409) when it cannot. */
  dispatch(input: unknown, source: Source, principal: string, opts?: DispatchOptions): Promise<DispatchResult>;
  /** Offers a capability (voice, display power): its actions call the handler. Withdrawn when the bridge stops. */
  offer(capability: Capability, handler: CapabilityHandler): void;
  /** Whether some bridge offers it now. */
  has(capability: Capability): boolean;
  /** A screen's state (whether it is muted, listening, …), or null for an unknown screen. */
  state(screen: string): ScreenState | null;
}

/** The header a bridge's routes read to know who asked: `api`, `device:{id}` or `loopback`; set by the host's mount from the checked credentials, never the client's own. */
export const PRINCIPAL_HEADER = 'x-scpm-principal';

/** A route of a bridge that takes a body other than JSON (a WAV), and how large (the mount checks both before the bridge reads it). */
export interface UploadRoute {
  /** Path under /api/v1/{name}, e.g. /recognize. */
  path: string;
  types: readonly string[];
  maxBytes: number;
}

export type BridgeState = 'stopped' | 'starting' | 'running' | 'degraded' | 'failed' | 'disabled';

export interface BridgeHealth {
  state: BridgeState;
  /** Short human-readable detail for /healthz and the technician. */
  detail?: string;
  /** Bridge-specific facts (e.g. connected: true, clients: 3). */
  [key: string]: unknown;
}

export interface Bridge {
  start(): Promise<void>;
  stop(): Promise<void>;
  health(): BridgeHealth;
  /** A Hono app mounted at /api/v1/{name}/… behind the access rules and the cross-site guard. */
  routes?(): Hono;
  /** HTML of this bridge's panel on the technician's setup page (escaped by the bridge; never a secret). */
  setupPanel?(): string;
}

/** Facts of the office every bridge may know. */
export interface OfficeInfo {
  id: string;
  name: { en: string; ko: string };
  language: 'en' | 'ko';
  timezone: string;
  /** Contract topic root (upstream.topicRoot). */
  topicRoot: string;
  /** No city broker configured: the demo's embedded broker and simulator are the city. */
  demo: boolean;
}

/** A value this bridge offers others, or the host offers bridges; declared in the descriptor, typed in `Services`. */
export type ServiceName = keyof Services;

export interface BridgePorts<Section> {
  /** This bridge's own config section, secrets resolved. */
  config: Section;
  office: OfficeInfo;
  /** pino child, `{ bridge: name }`. */
  log: Logger;
  metrics: MetricsPort;
  /** The bus, as this bridge: its listeners are removed when it stops. */
  bus: BusPort;
  /** Child processes (ffmpeg, a recognizer, the simulator), supervised; those left running are stopped when the bridge stops. */
  processes: ProcessPort;
  actions: ActionsPort;
  /** Named things this bridge brings (cameras, devices, gestures, voice commands); withdrawn when it stops. */
  catalog: CatalogPort;
  /** A service declared in `needs`: the host's (ingest, orders, …) or another bridge's. Throws, naming it, when it is not there (yet). */
  need<K extends ServiceName>(name: K): Services[K];
  /** Offers a service declared in `provides` (again after each start; withdrawn at stop). */
  provide<K extends ServiceName>(name: K, value: Services[K]): void;
  /** The bridge calls this when it fails after start; the host restarts it with backoff. */
  fail(err: Error): void;
}

/** How a descriptor learns whether to run. */
export interface EnableContext<Section> { section: Section; office: OfficeInfo }

export interface BridgeDescriptor<Key extends string = string, Schema extends z.ZodType = z.ZodType, Impl extends Bridge = Bridge> {
  /** Unique; also the route prefix /api/v1/{name} and the log namespace. */
  name: string;
  /** Config section key (top level of the office YAML) and its schema, composed into the one config schema. */
  configKey: Key;
  configSchema: Schema;
  /** Environment overrides of this section's keys (names are a public contract). */
  env?: readonly EnvOverride[];
  /** Fills derived values of the section once the whole config is known (e.g. a default from office.id). */
  resolve?(section: z.output<Schema>, office: { id: string }): z.output<Schema>;
  /** Problems of the section once its secrets are resolved (a URL from a file): refused like schema errors. */
  check?(section: z.output<Schema>): string[];
  /** Problems worth a technician's look that do not stop the gateway. */
  warnings?(section: z.output<Schema>, office: OfficeInfo): string[];
  enabled(ctx: EnableContext<z.output<Schema>>): boolean;
  provides?: readonly ServiceName[];
  needs?: readonly ServiceName[];
  /** Routes that take a non-JSON body (the mount's content-type and size checks follow them). */
  uploads?: readonly UploadRoute[];
  /** Imports the implementation (lazily: importing a descriptor must not load native modules). */
  load(): Promise<{ create(ports: BridgePorts<z.output<Schema>>): Impl }>;
}

/** An environment variable that overrides one config key. */
export interface EnvOverride {
  name: string;
  /** Path inside the section (or from the top for core keys). */
  path: readonly string[];
  kind: 'string' | 'int' | 'secret';
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDescriptor = BridgeDescriptor<string, z.ZodType, any>;

/** Keeps a descriptor's literal types (its config key and schema) for the composed config type. */
export function defineBridge<Key extends string, Schema extends z.ZodType, Impl extends Bridge>(d: BridgeDescriptor<Key, Schema, Impl>): BridgeDescriptor<Key, Schema, Impl> {
  return d;
}
