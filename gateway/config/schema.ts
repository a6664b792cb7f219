// The one source of truth for office configuration: TS types and
// device-configs/schema.json both derive from this schema.
import { z } from 'zod';

const slug = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'a slug of letters, digits, "-", "_" or "." (1-64 chars)');

/** A secret is given inline, read from an environment variable, or read from a file; never logged. */
export const secretRef = z.union([
  z.string().min(1),
  z.strictObject({ env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name') }),
  z.strictObject({ file: z.string().min(1) }),
]);
export type SecretRef = z.infer<typeof secretRef>;

const port = z.number().int().min(0).max(65535);

const officeSchema = z.strictObject({
  id: slug.describe('Office id: used in MQTT topics (scpm/v1/offices/{id}/...)'),
  name: z.strictObject({ en: z.string(), ko: z.string() }).default({ en: 'Office', ko: '사무실' }),
  language: z.enum(['en', 'ko']).default('en').describe('Language of the wall display'),
  timezone: z.string().default('Asia/Seoul'),
});

const tlsSchema = z.strictObject({
  ca: z.string().optional().describe('Path to a PEM CA bundle'),
  cert: z.string().optional().describe('Path to a PEM client certificate'),
  key: z.string().optional().describe('Path to the PEM client key'),
  rejectUnauthorized: z.boolean().default(true),
});

const upstreamSchema = z.strictObject({
  url: z.string().regex(/^mqtts?:\/\/[^\s]+$/, 'an mqtt:// or mqtts:// URL').nullable().default(null)
    .describe('City broker URL; null = demo mode (embedded broker + simulator)'),
  topicRoot: z.string().regex(/^[^#+]+[^/#+]$/, 'a topic prefix without wildcards or trailing "/"').default('scpm/v1'),
  protocolVersion: z.union([z.literal(4), z.literal(5)]).default(5).describe('5 = MQTT 5, 4 = MQTT 3.1.1'),
  clientId: z.string().min(1).max(128).optional().describe('Stable client id; default scpm-edge-{office.id}'),
  sessionExpirySeconds: z.number().int().min(60).default(7 * 24 * 3600),
  keepaliveSeconds: z.number().int().min(5).max(600).default(30),
  username: z.string().optional(),
  password: secretRef.optional(),
  tls: tlsSchema.optional(),
  reconnectMinMs: z.number().int().min(100).default(1000),
  reconnectMaxMs: z.number().int().min(1000).default(60_000),
  maxPayloadBytes: z.number().int().min(1024).max(1024 * 1024).default(65_536),
  maxFutureSkewSeconds: z.number().int().min(0).max(86_400).default(600).describe('A city message whose ts lies further ahead of this gateway\'s clock is rejected (future-ts), so it cannot pin an entity'),
  statusIntervalSeconds: z.number().int().min(5).default(60),
});

const deviceSchema = z.strictObject({
  id: slug,
  username: z.string().min(1),
  password: secretRef,
});

const localBrokerSchema = z.strictObject({
  host: z.string().default('127.0.0.1'),
  port: port.default(1883).describe('0 disables the local broker (demo mode still runs one on an internal port)'),
  devices: z.array(deviceSchema).default([]),
  queueLimit: z.number().int().min(1).default(1000).describe('Messages queued per client before it is dropped'),
  maxInflight: z.number().int().min(1).default(100),
  drainTimeoutMs: z.number().int().min(100).default(5000),
  maxClients: z.number().int().min(1).default(64),
});

const storeSchema = z.strictObject({
  maxSizeMb: z.number().min(16).default(1024).describe('Database size cap; ingest of new readings stops above it'),
  warnAtPercent: z.number().min(10).max(99).default(80),
  urbanRawRetentionHours: z.number().min(1).default(48),
  urbanDownsampleMinutes: z.number().int().min(1).default(60),
  urbanDownsampledRetentionDays: z.number().min(1).default(400),
  closedEntityRetentionDays: z.number().min(1).default(90).describe('Closed incidents, handled complaints, closed polls are kept this long'),
  indicatorRetentionMonths: z.number().int().min(12).default(60),
  rejectedKeep: z.number().int().min(10).default(1000),
  ordersKeep: z.number().int().min(100).default(10_000),
  maxRowsPerEntity: z.number().int().min(100).default(50_000).describe('Hard cap per entity table'),
  groupCommitMs: z.number().int().min(0).max(50).default(10).describe('QoS 0 group commit: a message after a quiet spell is committed on the next event-loop turn; under load, at most one commit per this many ms; in a flood (a commit of 100 or more messages) the window stretches to 50 ms'),
});

const authSchema = z.strictObject({
  apiToken: secretRef.optional().describe('Bearer token for the orders API, actions and /metrics from other hosts'),
  deviceTokens: z.array(z.strictObject({ id: slug, token: secretRef })).default([]).describe('Paired tablets and screens'),
  allowedHosts: z.array(z.string()).default([]).describe('Extra Host header names accepted (DNS-rebinding guard)'),
});

const displaySchema = z.strictObject({
  publicComplaintText: z.boolean().default(false).describe('Show complaint summaries on the public mirror'),
  publicHost: z.string().default('127.0.0.1'),
  publicPort: port.default(0).describe('Own listener for the public mirror; 0 = off'),
  freshness: z.strictObject({
    urbanSeconds: z.number().int().min(10).default(300),
    pollSeconds: z.number().int().min(10).default(600),
    pledgeDays: z.number().min(1).default(45),
    indicatorGraceDays: z.number().min(0).default(15),
  }).default({ urbanSeconds: 300, pollSeconds: 600, pledgeDays: 45, indicatorGraceDays: 15 }),
  pushWindowMs: z.number().int().min(0).max(1000).default(100),
});

const demoSchema = z.strictObject({
  simulator: z.boolean().default(true).describe('Run the city simulator when no upstream URL is set'),
  rate: z.number().min(0.1).max(100).default(1),
  internalBrokerPort: port.default(0).describe('Port of the demo broker when the local broker is disabled; 0 = any free port'),
});

export const configSchema = z.strictObject({
  office: officeSchema,
  http: z.strictObject({ host: z.string().default('127.0.0.1'), port: port.default(8080) }).default({ host: '127.0.0.1', port: 8080 }),
  dataDir: z.string().default('./data'),
  upstream: upstreamSchema.default(upstreamSchema.parse({})),
  localBroker: localBrokerSchema.default(localBrokerSchema.parse({})),
  store: storeSchema.default(storeSchema.parse({})),
  auth: authSchema.default(authSchema.parse({})),
  display: displaySchema.default(displaySchema.parse({})),
  demo: demoSchema.default(demoSchema.parse({})),
  logging: z.strictObject({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info') }).default({ level: 'info' }),
});

/** The config as written in YAML (secrets unresolved). */
export type RawConfig = z.infer<typeof configSchema>;
