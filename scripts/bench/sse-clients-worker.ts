// Worker thread: extra display screens as plain SSE readers (the server's work
// per screen is the same as for a browser; 19 browsers would measure Chromium
// on two cores instead). Reads every byte, counts them, until terminated.
import { parentPort, workerData } from 'node:worker_threads';
import { request } from 'node:http';

export interface SseClientsJob { urls: string[] }
export interface SseClientsReport { connected: number; bytes: number; errors: number }

const job = workerData as SseClientsJob;
const report: SseClientsReport = { connected: 0, bytes: 0, errors: 0 };
for (const url of job.urls) {
  const req = request(url, { headers: { accept: 'text/event-stream' } }, (res) => {
    if (res.statusCode === 200) report.connected++;
    else report.errors++;
    res.on('data', (c: Buffer) => { report.bytes += c.length; });
    res.on('error', () => { report.errors++; });
  });
  req.on('error', () => { report.errors++; });
  req.end();
}
parentPort!.on('message', () => parentPort!.postMessage({ ...report }));
