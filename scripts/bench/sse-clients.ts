// Starts the extra screens (sse-clients-worker.ts) and asks how they are doing.
import { Worker } from 'node:worker_threads';
import type { SseClientsJob, SseClientsReport } from './sse-clients-worker.js';

export interface SseClients { report(): Promise<SseClientsReport>; stop(): Promise<void> }

export function startSseClients(job: SseClientsJob): SseClients {
  const worker = new Worker(new URL('./sse-clients-worker.js', import.meta.url), { workerData: job });
  worker.on('error', () => undefined);
  return {
    report: () => new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the SSE clients worker did not answer')), 5000);
      worker.once('message', (r: SseClientsReport) => { clearTimeout(timer); resolve(r); });
      worker.postMessage('report');
    }),
    stop: async () => { await worker.terminate(); },
  };
}
