import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeEventOut, type EventOut } from './node-stream.js';

let server: Server | null = null;
afterEach(() => new Promise<void>((resolve) => { server?.closeAllConnections(); server?.close(() => resolve()); server = null; }));

/** A real server whose one response is an EventOut; returns it once a client connected, and that client's response. */
async function connect(): Promise<{ out: EventOut; res: IncomingMessage }> {
  let outOf!: (o: EventOut) => void;
  const outP = new Promise<EventOut>((r) => { outOf = r; });
  server = createServer((_req, res) => outOf(nodeEventOut(res, { 'X-Content-Type-Options': 'nosniff' })));
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const resP = new Promise<IncomingMessage>((r) => request({ port, host: '127.0.0.1', path: '/' }, r).end());
  const [out, res] = await Promise.all([outP, resP]);
  return { out, res };
}

describe('an event stream written straight to Node\'s response', () => {
  it('sends the event-stream headers with the given ones, and each write as it is made', async () => {
    const { out, res } = await connect();
    expect(res.headers['content-type']).toBe('text/event-stream');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const got: string[] = [];
    res.setEncoding('utf8');
    res.on('data', (c: string) => got.push(c));
    await out.write('event: a\ndata: 1\n\n');
    await out.write(new TextEncoder().encode('data: 2\n\n'));
    await new Promise((r) => setTimeout(r, 50));
    expect(got.join('')).toBe('event: a\ndata: 1\n\ndata: 2\n\n');
  });

  it('waits for the drain when the socket is full, and rejects every write once the client has gone', async () => {
    const { out, res } = await connect();
    res.pause(); // a client that stops reading
    const big = 'x'.repeat(256 * 1024);
    let pending: Promise<void> | null = null;
    for (let i = 0; i < 64 && !pending; i++) {
      const w = out.write(`data: ${big}\n\n`);
      const settled = await Promise.race([w.then(() => true), new Promise((r) => setTimeout(() => r(false), 20))]);
      if (!settled) pending = w;
    }
    expect(pending).not.toBeNull(); // the socket filled up: the write waits
    const second = out.write('data: behind\n\n');
    res.destroy();
    await expect(pending).rejects.toThrow('gone');
    await expect(second).rejects.toThrow('gone');
    await out.closed;
    await expect(out.write('data: late\n\n')).rejects.toThrow('gone');
  });
});
