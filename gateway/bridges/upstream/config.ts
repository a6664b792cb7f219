// The city link's config section: `upstream`.
import { z } from 'zod';
import { configRelativePath, secret } from '../../config/secret.js';
import { parseBrokerUrl } from './broker-url.js';

const tlsSchema = z.strictObject({
  ca: configRelativePath.optional().describe('Path to a PEM CA bundle (relative to the config file)'),
  cert: configRelativePath.optional().describe('Path to a PEM client certificate'),
  key: configRelativePath.optional().describe('Path to the PEM client key'),
  rejectUnauthorized: z.boolean().default(true),
});

/** Delivery of the office's orders (docs/decisions/2026-11-29-orders.md). */
const ordersSchema = z.strictObject({
  unconfirmedAfterSeconds: z.number().int().min(5).max(7 * 86_400).default(300)
    .describe('An order the broker acknowledged but the city has not answered on order-status within this time is flagged unconfirmed (on MQTT 3.1.1 the only sign of a publish the broker\'s ACL denied)'),
  retryMinMs: z.number().int().min(100).max(600_000).default(2000).describe('First wait before a refused order (an MQTT 5 error reason code) is published again'),
  retryMaxMs: z.number().int().min(1000).max(3_600_000).default(3_600_000).describe('Cap of the doubling wait between retries of a refused order (at most one hour; an order is never dropped)'),
  ackTimeoutSeconds: z.number().int().min(2).max(600).default(60).describe('A publish the broker leaves unacknowledged this long on a live connection restarts the link'),
}).superRefine((o, ctx) => {
  if (o.retryMaxMs < o.retryMinMs) ctx.addIssue({ code: 'custom', path: ['retryMaxMs'], message: `a value ≥ upstream.orders.retryMinMs (${o.retryMinMs})`, input: o.retryMaxMs });
});

/** The shape the schema file shows editors; `parseBrokerUrl` checks the rest. */
const BROKER_URL_SHAPE = /^mqtts?:\/\/\S+$/;

export const upstreamSection = z.strictObject({
  url: z.string().max(2048).regex(BROKER_URL_SHAPE, 'an mqtt:// or mqtts:// URL').superRefine((url, ctx) => {
    if (!BROKER_URL_SHAPE.test(url)) return; // the pattern's problem is listed already
    const r = parseBrokerUrl(url);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.reason, input: url });
  }).nullable().default(null)
    .describe('City broker URL; null = demo mode (embedded broker + simulator)'),
  topicRoot: z.string().regex(/^[^#+]+[^/#+]$/, 'a topic prefix without wildcards or trailing "/"').default('scpm/v1'),
  protocolVersion: z.union([z.literal(4), z.literal(5)]).default(5).describe('5 = MQTT 5, 4 = MQTT 3.1.1'),
  clientId: z.string().min(1).max(128).optional().describe('Stable client id; default scpm-edge-{office.id}'),
  sessionExpirySeconds: z.number().int().min(60).default(7 * 24 * 3600),
  keepaliveSeconds: z.number().int().min(5).max(600).default(30),
  username: z.string().optional(),
  password: secret.optional(),
  tls: tlsSchema.optional(),
  reconnectMinMs: z.number().int().min(100).default(1000),
  reconnectMaxMs: z.number().int().min(1000).default(60_000),
  maxPayloadBytes: z.number().int().min(1024).max(1024 * 1024).default(65_536),
  maxFutureSkewSeconds: z.number().int().min(0).max(86_400).default(600).describe('A city message whose ts lies further ahead of this gateway\'s clock is rejected (future-ts), so it cannot pin an entity'),
  statusIntervalSeconds: z.number().int().min(5).default(60),
  orders: ordersSchema.prefault({}),
}).superRefine((u, ctx) => {
  if (u.reconnectMaxMs < u.reconnectMinMs) {
    ctx.addIssue({ code: 'custom', path: ['reconnectMaxMs'], message: `a value ≥ upstream.reconnectMinMs (${u.reconnectMinMs})`, input: u.reconnectMaxMs });
  }
}).prefault({});

export type UpstreamConfig = z.output<typeof upstreamSection>;
