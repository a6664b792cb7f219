import { afterEach, describe, expect, it, vi } from 'vitest';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { firstPageGate, type FirstPage } from './first-page.js';

type Bindings = { outgoing: { getHeader(name: string): unknown } };

/** A gate over a handler that answers with `res`: why waitForFirstPage settled within `ms`, or null. */
async function settledAfter(res: () => Response, bindings: Bindings | undefined, ms: number, method = 'GET'): Promise<FirstPage | null> {
  const gate = firstPageGate((_req: Request, ..._rest: never[]) => res());
  let why: FirstPage | null = null;
  void gate.waitForFirstPage().then((w) => { why = w; });
  await gate.fetch(new Request('http://gw/events', { method }), ...([bindings] as never[]));
  await vi.advanceTimersByTimeAsync(ms);
  return why;
}

const outgoing = (type: string | undefined): Bindings => ({ outgoing: { getHeader: (n) => (n === 'content-type' ? type : undefined) } });

describe('first-page gate', () => {
  afterEach(() => vi.useRealTimers());

  it('opens 200 ms after a page is served', async () => {
    vi.useFakeTimers();
    expect(await settledAfter(() => new Response('<p>', { headers: { 'content-type': 'text/html; charset=utf-8' } }), undefined, 200)).toBe('first page served');
  });

  it('opens after a live stream written straight to Node\'s response (a wall reconnecting after a restart)', async () => {
    vi.useFakeTimers();
    expect(await settledAfter(() => RESPONSE_ALREADY_SENT, outgoing('text/event-stream'), 200)).toBe('first page served');
  });

  it('waits for its bound (1.5 s) when only other answers went out', async () => {
    vi.useFakeTimers();
    expect(await settledAfter(() => new Response('{}', { headers: { 'content-type': 'application/json' } }), undefined, 1400)).toBeNull();
    expect(await settledAfter(() => RESPONSE_ALREADY_SENT, outgoing(undefined), 1400)).toBeNull();
    expect(await settledAfter(() => RESPONSE_ALREADY_SENT, undefined, 1400)).toBeNull();
    expect(await settledAfter(() => new Response('<p>', { headers: { 'content-type': 'text/html' } }), undefined, 1400, 'POST')).toBeNull();
    expect(await settledAfter(() => RESPONSE_ALREADY_SENT, undefined, 1500)).toBe('no page asked for');
  });
});
