// Worker thread: publishes contract urban readings as fast as the broker takes
// them, on its own event loop (so the measuring side never competes with it).
import { parentPort, workerData } from 'node:worker_threads';
import mqtt from 'mqtt';
import { urbanLoadMessage } from '../rig/payloads.js';

export interface PublisherJob { url: string; n: number; qos: 0 | 1; seqStart: number; baseMs: number; window: number }
export interface PublisherResult { sent: number; ms: number; bytes: number; error?: string }

async function run(job: PublisherJob): Promise<PublisherResult> {
  const client = await mqtt.connectAsync(job.url, {
    clientId: `scpm-bench-pub-${process.pid}-${job.seqStart}`,
    protocolVersion: 5,
    reconnectPeriod: 0,
    connectTimeout: 5000,
  });
  let outstanding = 0;
  let bytes = 0;
  let failed: Error | null = null;
  let wake: (() => void) | null = null;
  const started = performance.now();
  for (let i = 0; i < job.n && !failed; i++) {
    const m = urbanLoadMessage(job.seqStart + i, job.baseMs);
    bytes += Buffer.byteLength(m.payload);
    outstanding++;
    client.publish(m.topic, m.payload, { qos: job.qos }, (err) => {
      outstanding--;
      if (err) failed = err;
      if (wake && outstanding < job.window / 2) {
        const w = wake;
        wake = null;
        w();
      }
    });
    if (outstanding >= job.window) await new Promise<void>((resolve) => (wake = resolve));
  }
  while (outstanding > 0 && !failed) await new Promise<void>((resolve) => (wake = resolve));
  const ms = performance.now() - started;
  await client.endAsync();
  return { sent: job.n, ms, bytes, ...(failed ? { error: (failed as Error).message } : {}) };
}

run(workerData as PublisherJob).then(
  (r) => parentPort!.postMessage(r),
  (err: Error) => parentPort!.postMessage({ sent: 0, ms: 0, bytes: 0, error: err.message } satisfies PublisherResult),
);
