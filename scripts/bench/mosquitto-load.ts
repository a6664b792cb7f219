// (a) The ceiling: how fast a bare mqtt.js subscriber receives the load from
// mosquitto, with the same connection settings as the gateway's city link.
import mqtt from 'mqtt';
import { publishInWorker } from './publisher.js';
import { settle } from './settle.js';

export interface RateResult {
  label: string;
  qos: 0 | 1;
  n: number;
  received: number;
  ms: number;
  rate: number;
  publishMs: number;
  avgBytes: number;
}

export async function rawSubscriberRate(url: string, n: number, qos: 0 | 1, seqStart: number, baseMs: number): Promise<RateResult> {
  const client = await mqtt.connectAsync(url, {
    clientId: `scpm-bench-raw-${process.pid}-${qos}`,
    protocolVersion: 5,
    clean: true,
    reconnectPeriod: 0,
    properties: { receiveMaximum: 1000 },
  });
  let received = 0;
  let first = 0;
  let last = 0;
  client.on('message', () => {
    const now = performance.now();
    if (received === 0) first = now;
    last = now;
    received++;
  });
  await client.subscribeAsync('scpm/v1/#', { qos });
  const pub = await publishInWorker({ url, n, qos, seqStart, baseMs, window: 1000 });
  await settle(() => received, n, { idleMs: 3000, intervalMs: 20, timeoutMs: 60_000 });
  await client.endAsync();
  const ms = last - first;
  return { label: `raw mqtt.js subscriber, QoS ${qos}`, qos, n, received, ms, rate: ms > 0 ? (received - 1) / (ms / 1000) : 0, publishMs: pub.ms, avgBytes: pub.bytes / n };
}
