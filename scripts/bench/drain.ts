// Receive capacity, without the publisher in the way: N messages are queued by
// mosquitto for an offline persistent session first, then the subscriber
// connects and drains them. Live runs are bound by the publisher (it shares
// the 2 cores); a drain is bound by the receiver alone, so the ratio of the
// gateway's drain rate to a bare mqtt.js subscriber's is the fair one.
// QoS 0 is queued for offline sessions only with `queue_qos0_messages true`.
import mqtt, { type IClientOptions } from 'mqtt';
import { sqlite } from '../rig/sqlite.js';
import { metricValue } from '../rig/http.js';
import { sleep, waitFor } from '../rig/wait.js';
import { settle } from './settle.js';
import { startGateway, type Gateway } from '../rig/gateway.js';
import { publishInWorker } from './publisher.js';
import type { RateResult } from './mosquitto-load.js';
import { RssSampler } from './rss.js';

export const DRAIN_BROKER_EXTRA = ['queue_qos0_messages true'];

export async function rawDrainRate(url: string, n: number, qos: 0 | 1, seqStart: number, baseMs: number): Promise<RateResult> {
  const opts: IClientOptions = {
    clientId: `scpm-bench-drain-${process.pid}-${qos}`,
    protocolVersion: 5,
    clean: false,
    reconnectPeriod: 0,
    properties: { sessionExpiryInterval: 600, receiveMaximum: 1000 },
  };
  // Same subscription as the gateway's (QoS 1 to the root); delivery is at the publisher's QoS.
  const first = await mqtt.connectAsync(url, opts);
  await first.subscribeAsync('scpm/v1/#', { qos: 1 });
  await first.endAsync();
  const pub = await publishInWorker({ url, n, qos, seqStart, baseMs, window: 1000 });
  await sleep(500); // let the broker queue the tail
  let received = 0;
  let t0 = 0;
  let t1 = 0;
  const client = mqtt.connect(url, opts);
  client.on('message', () => {
    const now = performance.now();
    if (received === 0) t0 = now;
    t1 = now;
    received++;
  });
  await settle(() => received, n, { idleMs: 3000, intervalMs: 50, timeoutMs: 120_000 });
  await client.endAsync();
  const ms = t1 - t0;
  return { label: `raw mqtt.js subscriber, QoS ${qos}, backlog`, qos, n, received, ms, rate: ms > 0 ? (received - 1) / (ms / 1000) : 0, publishMs: pub.ms, avgBytes: pub.bytes / n };
}

export interface GatewayDrainResult extends RateResult { rssPeakBytes: number }

/** Stops the gateway (its persistent session stays at the broker), queues n messages, starts it again on the same data dir and times the drain from the store's received_ms. */
export async function gatewayDrainRate(gw: Gateway, env: Record<string, string>, n: number, qos: 0 | 1, seqStart: number, baseMs: number): Promise<{ result: GatewayDrainResult; gw: Gateway }> {
  const { dataDir, port } = gw;
  await gw.stop();
  const url = env.SCPM_UPSTREAM_URL!;
  const pub = await publishInWorker({ url, n, qos, seqStart, baseMs, window: 1000 });
  await sleep(500);
  const next = await startGateway({ env, dataDir, httpPort: port });
  await waitFor(() => next.running() && next.pid > 0, { timeoutMs: 5000, what: 'the gateway process' });
  const rss = new RssSampler(next.pid, 200);
  rss.start();
  const lo = baseMs + seqStart;
  const hi = baseMs + seqStart + n - 1;
  // The gateway's own counter (it starts at 0 with the process): polling the store with the
  // sqlite3 CLI would scan the table (no index on ts_ms) in a process sharing the cores.
  const ingested = () => metricValue(next.baseUrl, 'scpm_ingested_messages_total').catch(() => 0);
  await settle(ingested, n, { idleMs: 5000, intervalMs: 250, timeoutMs: 120_000 });
  const rssPeak = rss.stop();
  const [count, first, last] = (await sqlite(next.dbPath, `SELECT COUNT(*), MIN(received_ms), MAX(received_ms) FROM urban_readings WHERE ts_ms BETWEEN ${lo} AND ${hi}`))
    .split('|').map(Number) as [number, number, number];
  const ms = last - first;
  return {
    gw: next,
    result: { label: `gateway ingest, QoS ${qos}, backlog`, qos, n, received: count, ms, rate: ms > 0 ? (count - 1) / (ms / 1000) : 0, publishMs: pub.ms, avgBytes: pub.bytes / n, rssPeakBytes: rssPeak },
  };
}
