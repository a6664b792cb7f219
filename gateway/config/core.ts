// The gateway's own config sections (not a bridge's): office, HTTP, store,
// access, display, logging. Bridges declare theirs in their own folders.
import { z } from 'zod';
import { secret } from './secret.js';
import { kioskSection } from '../kiosk/config.js';
import { DEFAULT_TIME_ZONE, isTimeZone } from '../util/time.js';

export const slug = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'a slug of letters, digits, "-", "_" or "." (1-64 chars)');
export const port = z.number().int().min(0).max(65535);

const officeSchema = z.strictObject({
  id: slug.describe('Office id: used in MQTT topics (scpm/v1/offices/{id}/...)'),
  name: z.strictObject({ en: z.string(), ko: z.string() }).default({ en: 'Office', ko: '사무실' }),
  language: z.enum(['en', 'ko']).default('en').describe('Language of the wall display'),
  // Checked here: an unknown zone would otherwise fail every page that shows a time.
  timezone: z.string().refine(isTimeZone, 'an IANA time zone such as Asia/Seoul').default(DEFAULT_TIME_ZONE).describe('IANA time zone of the office (times on the wall, orders)'),
});

const storeSchema = z.strictObject({
  maxSizeMb: z.number().min(16).default(1024).describe('Database size cap, enforced by SQLite (max_page_count): at it, writes fail as on a full disk (ingest rejects with store-full, /healthz says "disk full") and retention prunes harder; a warning in the log and /healthz from warnAtPercent'),
  maxPages: z.number().int().min(16).optional().describe('Hard cap in database pages (4 KiB), instead of the one maxSizeMb gives: for tests, and for ops who want an exact figure'),
  warnAtPercent: z.number().min(10).max(99).default(80),
  urbanRawRetentionHours: z.number().min(1).default(48),
  urbanDownsampleMinutes: z.number().int().min(1).default(60),
  urbanDownsampledRetentionDays: z.number().min(1).default(400),
  closedEntityRetentionDays: z.number().min(1).default(90).describe('Closed incidents, handled complaints, closed polls are kept this long'),
  indicatorRetentionMonths: z.number().int().min(12).default(60),
  rejectedKeep: z.number().int().min(10).default(1000),
  ordersKeep: z.number().int().min(100).default(10_000),
  maxRowsPerEntity: z.number().int().min(100).default(50_000).describe('Hard cap per entity table'),
  groupCommitMs: z.number().int().min(0).max(50).default(10).describe('QoS 0 group commit: a message after a quiet spell is committed at once, in its own event-loop turn; under load, at most one commit per this many ms, and never later than one frame (16 ms) after a message arrived'),
});

const authSchema = z.strictObject({
  apiToken: secret.optional().describe('Bearer token for the orders API, actions and /metrics from other hosts'),
  deviceTokens: z.array(z.strictObject({ id: slug, token: secret })).default([]).describe('Paired tablets and screens'),
  allowedHosts: z.array(z.string()).default([]).describe('Extra Host header names accepted (DNS-rebinding guard)'),
});

const httpSchema = z.strictObject({
  host: z.string().default('127.0.0.1'),
  port: port.default(8080),
  maxConnections: z.number().int().min(16).max(65_536).default(2048)
    .describe('Open connections per listener (event streams included); past it a new connection is closed at once'),
  headersTimeoutMs: z.number().int().min(1000).max(120_000).default(10_000).describe('A request whose headers have not all arrived by then is answered 408 and closed'),
  requestTimeoutMs: z.number().int().min(1000).max(600_000).default(30_000).describe('A request (headers and body) not received in full by then is answered 408 and closed; responses such as event streams are not limited'),
  keepAliveTimeoutMs: z.number().int().min(1000).max(120_000).default(5000).describe('An idle keep-alive connection is closed after this long'),
  maxBodyBytes: z.number().int().min(1024).max(64 * 1024 * 1024).default(256 * 1024)
    .describe('The largest request body any route accepts (413 above it; a route may accept less)'),
}).superRefine((h, ctx) => {
  if (h.requestTimeoutMs < h.headersTimeoutMs) {
    ctx.addIssue({ code: 'custom', path: ['requestTimeoutMs'], message: `a value ≥ http.headersTimeoutMs (${h.headersTimeoutMs})`, input: h.requestTimeoutMs });
  }
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
  }).prefault({}),
  pushWindowMs: z.number().int().min(0).max(1000).default(100),
  maxEventClients: z.number().int().min(1).max(100_000).default(2000).describe('Live-update (SSE) connections at once, all pages; over it a client is told to retry (503)'),
  maxEventClientsPerAddress: z.number().int().min(1).max(10_000).default(20).describe('Live-update connections per non-loopback address (a crowd behind one NAT shares it)'),
  publicCacheMs: z.number().int().min(0).max(60_000).default(1000).describe('A public page is rendered once per this long and served to everyone asking meanwhile'),
  screens: z.array(slug).min(1).max(64).default(['wall']).describe('Screens driven by this gateway (the wall and others); paired tablets are screens too'),
  confirmSeconds: z.number().int().min(5).max(600).default(30).describe('How long an action that needs confirmation (an order by voice) waits for confirm or cancel'),
});

const ordersSchema = z.strictObject({
  perPrincipalPerMinute: z.number().int().min(1).max(100_000).default(120)
    .describe('Orders one principal (the API token, a paired device, the wall) may give a minute; over it → 429 with Retry-After'),
});

/** The core sections, in file order. */
export const coreSections = {
  office: officeSchema,
  http: httpSchema.prefault({}),
  dataDir: z.string().default('./data').describe('Where scpm.db lives (relative to the working directory)'),
  store: storeSchema.prefault({}),
  auth: authSchema.prefault({}),
  orders: ordersSchema.prefault({}),
  display: displaySchema.prefault({}),
  kiosk: kioskSection.prefault({}),
  logging: z.strictObject({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info') }).prefault({}),
};
