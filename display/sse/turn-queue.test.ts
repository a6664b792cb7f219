import { createConnection, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TurnQueue } from './turn-queue.js';

const busy = (ms: number) => { const end = performance.now() + ms; while (performance.now() < end) { /* a redraw's render */ } };

describe('turn queue: panel redraws one view per event-loop turn', () => {
  const closers: (() => void)[] = [];
  afterEach(() => { for (const c of closers.splice(0)) c(); });

  it('lets a socket\'s data in between two views\' redraws (with real turns)', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const accepted = new Promise<Socket>((r) => server.once('connection', r));
    const client = createConnection((server.address() as AddressInfo).port, '127.0.0.1');
    await new Promise<void>((r) => client.once('connect', () => r()));
    const inbound = await accepted;
    closers.push(() => { client.destroy(); inbound.destroy(); server.close(); });

    const order: string[] = [];
    let done!: () => void;
    const finished = new Promise<void>((r) => { done = r; });
    inbound.on('data', () => order.push('city message'));
    const q = new TurnQueue((view) => {
      order.push(view);
      if (view === 'a') {
        client.write('x'); // a value arrives while the first redraw renders
        busy(20);
      }
      if (view === 'c') done();
    });
    q.add('a', new Set(['p-map']));
    q.add('b', new Set(['p-map']));
    q.add('c', new Set(['p-map']));
    await finished;
    await new Promise((r) => setTimeout(r, 20));
    expect(order).toEqual(['a', 'city message', 'b', 'c']);
  });

  it('merges a view queued again before its turn, keeps the views\' order, and hands a view\'s panels to a push drawn now', () => {
    const turns: (() => void)[] = [];
    const drawn: string[] = [];
    const q = new TurnQueue((view, panels) => drawn.push(`${view}:${[...panels].sort().join(',')}`), (run) => turns.push(run));
    q.add('a', new Set(['p-map']));
    q.add('b', new Set(['p-map']));
    q.add('a', new Set(['p-trend']));
    q.add('c', new Set(['p-map']));
    expect(q.size).toBe(3);
    expect(turns).toHaveLength(1);
    expect([...q.take('c') ?? []]).toEqual(['p-map']);
    expect(q.take('c')).toBeUndefined();
    while (turns.length > 0) turns.shift()!();
    expect(drawn).toEqual(['a:p-map,p-trend', 'b:p-map']);
    expect(q.size).toBe(0);
    q.add('d', new Set(['p-map']));
    q.clear();
    while (turns.length > 0) turns.shift()!();
    expect(drawn).toHaveLength(2);
  });
});
