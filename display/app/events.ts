// The live-update stream (SSE) of a page: bounded in all and per address, a
// hello with the build id, a full redraw on (re)connect, pings, and a client
// that stops reading closed once a bound waits for it.
import type { Context } from 'hono';
import { EventSlots } from '../event-slots.js';
import { remoteKey } from '../remote.js';
import { RESYNC, sseBytes } from '../sse/hub.js';
import { eventStream } from '../sse/node-stream.js';
import { parseView, type View } from '../view.js';
import type { DisplayDeps } from './deps.js';
import type { Live } from './live.js';
import type { Lang } from '../i18n.js';

/** The page counts a stream silent for 25 s as dead (wall.js): a ping every 10 s keeps a quiet one alive. */
const PING_MS = 10_000;
/** Bytes waiting in a live client's socket before it counts as not reading and is closed (it reconnects when it can). */
const SLOW_CLIENT_BYTES = 256 * 1024;

type Socket = { writableLength: number; destroy(): void };

export interface EventRoutes {
  /**
   * The handler of /events (office, following `screenOf`'s screen, in the office's language) or {base}/events (public,
   * the page in ?path=, in `lang`).
   */
  handler(isPublic: boolean, base: string, screenOf: (c: Context) => string, lang?: Lang): (c: Context) => Response | Promise<Response>;
  readonly slotsInUse: number;
}

/**
 * The public client's page: its ?path= (with or without the /public prefix; the page sends its own path and
 * query, e.g. /opinion?p=2), or the overview; never a camera.
 */
function publicView(c: Context): View {
  const asked = String(c.req.query('path') ?? '/');
  const q = asked.indexOf('?');
  const path = (q < 0 ? asked : asked.slice(0, q)).replace(/^\/public(?=\/|$)/, '') || '/';
  const query = q < 0 ? c.req.query() : Object.fromEntries(new URLSearchParams(asked.slice(q + 1)));
  const v = parseView(path, query);
  // Cameras are never on the public mirror: not as a page, nor as a stream's page.
  return v && !v.camera && v.page !== 'cameras' ? v : parseView('/')!;
}

export function createEventRoutes(deps: DisplayDeps, live: Live): EventRoutes {
  const { config, metrics, actions } = deps;
  const { hub } = live;
  const slots = new EventSlots(config.display.maxEventClients, config.display.maxEventClientsPerAddress);
  const refused = metrics.counter('scpm_sse_refused_total', 'Live-update connections refused (over the total or the per-address cap).');
  const slowClosed = metrics.counter('scpm_sse_slow_closed_total', 'Live-update clients closed because they stopped reading (more than the bound waited for them).');
  metrics.gauge('scpm_sse_slots_in_use', 'Live-update connections holding a slot.', () => slots.size);

  const handler = (isPublic: boolean, base: string, screenOf: (c: Context) => string, lang?: Lang) => (c: Context) => {
    // The page first: nothing that reads the request runs while a slot is held outside the stream's finally.
    const screen = isPublic ? null : screenOf(c);
    const view = screen === null ? publicView(c) : actions.get(screen)!.view;
    const release = slots.take(remoteKey(c));
    if (!release) {
      refused.inc();
      return c.json({ error: 'too many live connections; retry later' }, 503, { 'retry-after': '30' });
    }
    const socket = (c.env as { incoming?: { socket?: Socket } } | undefined)?.incoming?.socket;
    return eventStream(c, async (out) => {
      const client = hub.add({ screen, isPublic, base, lang: lang ?? config.office.language, view }, {
        write: async (m) => {
          if (socket && socket.writableLength > SLOW_CLIENT_BYTES) {
            slowClosed.inc();
            socket.destroy();
            throw new Error('slow client: closed');
          }
          await out.write(sseBytes(m));
        },
      });
      let ping: ReturnType<typeof setInterval> | null = null;
      try {
        await out.write(sseBytes({ event: 'scpm:hello', data: JSON.stringify({ build: deps.buildId, screen }) }));
        hub.mark(client, [RESYNC]); // a (re)connected page catches up by itself
        // A named event, not a comment: the page's watchdog must see it (htmx drops comments) to vouch for its figures.
        ping = setInterval(() => {
          void out.write(sseBytes({ event: 'scpm:ping', data: JSON.stringify({ now: (deps.now ?? Date.now)() }) })).catch(() => undefined);
        }, PING_MS);
        ping.unref?.();
        await out.closed;
      } catch {
        // the client went before its hello
      } finally {
        if (ping) clearInterval(ping);
        hub.remove(client);
        release();
        out.end();
      }
    });
  };
  return { handler, get slotsInUse() { return slots.size; } };
}
