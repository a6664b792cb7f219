// Runs a publisher worker and resolves with what it sent.
import { Worker } from 'node:worker_threads';
import type { PublisherJob, PublisherResult } from './publisher-worker.js';

export type { PublisherJob, PublisherResult };

export function publishInWorker(job: PublisherJob, timeoutMs = 120_000): Promise<PublisherResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./publisher-worker.js', import.meta.url), { workerData: job });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`publisher did not finish ${job.n} messages within ${timeoutMs} ms`));
    }, timeoutMs);
    worker.once('message', (r: PublisherResult) => {
      clearTimeout(timer);
      void worker.terminate();
      if (r.error) reject(new Error(`publisher: ${r.error}`));
      else resolve(r);
    });
    worker.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}
