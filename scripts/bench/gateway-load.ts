// (b) The gateway's ingest rate under the same load: the real process against
// mosquitto, timed from the first to the last reading committed (the
// received_ms of the rows in its SQLite store), with its RSS sampled meanwhile.
import { metricValue } from '../rig/http.js';
import { sqlite } from '../rig/sqlite.js';
import type { Gateway } from '../rig/gateway.js';
import { publishInWorker } from './publisher.js';
import { settle } from './settle.js';
import type { RateResult } from './mosquitto-load.js';
import { RssSampler } from './rss.js';

export interface GatewayRateResult extends RateResult {
  rssPeakBytes: number;
  rssAfterBytes: number;
  /** When the gateway took the first and the last of the messages (its clock, ms since the epoch). */
  firstMs: number;
  lastMs: number;
}

export async function gatewayIngestRate(gw: Gateway, url: string, n: number, qos: 0 | 1, seqStart: number, baseMs: number): Promise<GatewayRateResult> {
  const ingested = () => metricValue(gw.baseUrl, 'scpm_ingested_messages_total');
  const before = await ingested();
  const rss = new RssSampler(gw.pid, 200);
  rss.start();
  const pub = await publishInWorker({ url, n, qos, seqStart, baseMs, window: 1000 });
  await settle(async () => (await ingested()) - before, n, { idleMs: 5000, intervalMs: 100, timeoutMs: 90_000 });
  const rssPeak = rss.stop();
  // Exact times from the store: each row's received_ms is when the gateway took the message.
  const lo = baseMs + seqStart;
  const hi = baseMs + seqStart + n - 1;
  const [count, first, last] = (await sqlite(gw.dbPath, `SELECT COUNT(*), MIN(received_ms), MAX(received_ms) FROM urban_readings WHERE ts_ms BETWEEN ${lo} AND ${hi}`))
    .split('|').map(Number) as [number, number, number];
  const ms = last - first;
  return {
    label: `gateway ingest, QoS ${qos}`,
    qos,
    n,
    received: count,
    ms,
    rate: ms > 0 ? (count - 1) / (ms / 1000) : 0,
    publishMs: pub.ms,
    avgBytes: pub.bytes / n,
    rssPeakBytes: rssPeak,
    rssAfterBytes: await rss.sampleOnce(),
    firstMs: first,
    lastMs: last,
  };
}
