// The setup page's live stream: a few viewers at most, each sent the sections
// that changed since it last saw them, every REFRESH_MS while someone watches
// (counters move without events) and at once when a bridge's health changes.
import type { Context } from 'hono';
import { sseBytes } from '../sse/hub.js';
import { eventStream } from '../sse/node-stream.js';
import type { SectionCtx } from './sections.js';

/** Setup pages open at once (a technician or two): a bound, not a crowd. */
const MAX_CLIENTS = 8;
/** The live sections are rendered this often while someone watches. */
const REFRESH_MS = 2000;

interface Viewer { ctx: SectionCtx; last: Map<string, string>; send(html: string): Promise<void>; ping(): Promise<void> }

const sectionId = (h: string) => /^<section id="([^"]+)"/.exec(h)?.[1] ?? '';
const asSwap = (sections: string[]) => sections.map((h) => h.replace(/^<section /, '<section hx-swap-oob="true" ')).join('');

export interface SetupLive {
  /** The /setup/events handler for a viewer whose sections are rendered with `ctx`. */
  stream(c: Context, ctx: SectionCtx): Response | Promise<Response>;
  refresh(): void;
  close(): void;
}

/**
 * `onChange` subscribes to what must be shown at once (a bridge's health), not at the next refresh; it returns the
 * unsubscribe.
 */
export function createSetupLive(render: (ctx: SectionCtx) => string[], onChange: (refresh: () => void) => () => void): SetupLive {
  const viewers = new Set<Viewer>();
  let timer: NodeJS.Timeout | null = null;

  const refresh = () => {
    for (const v of viewers) {
      const changed = render(v.ctx).filter((h) => {
        const id = sectionId(h);
        if (v.last.get(id) === h) return false;
        v.last.set(id, h);
        return true;
      });
      // Nothing changed: a ping, so the page can tell a quiet gateway from a frozen or gone one (setup.js).
      void (changed.length ? v.send(asSwap(changed)) : v.ping()).catch(() => undefined);
    }
  };
  const arm = () => {
    if (timer || viewers.size === 0) return;
    timer = setInterval(() => {
      if (viewers.size === 0 && timer) {
        clearInterval(timer);
        timer = null;
        return;
      }
      refresh();
    }, REFRESH_MS);
    timer.unref();
  };

  const stream = (c: Context, ctx: SectionCtx) => {
    if (viewers.size >= MAX_CLIENTS) return c.json({ error: `at most ${MAX_CLIENTS} setup pages at once` }, 503, { 'retry-after': '10' });
    return eventStream(c, async (out) => {
      const viewer: Viewer = {
        ctx, last: new Map(),
        send: (html) => out.write(sseBytes({ data: html })),
        ping: () => out.write(sseBytes({ event: 'scpm:ping', data: '{}' })),
      };
      try {
        // A (re)connected page catches up at once, as the wall does.
        const html = render(ctx);
        for (const h of html) viewer.last.set(sectionId(h), h);
        await viewer.send(asSwap(html));
        viewers.add(viewer);
        arm();
        await out.closed;
      } catch {
        // the page went before its first sections
      } finally {
        viewers.delete(viewer);
        out.end();
      }
    });
  };

  const off = onChange(refresh);
  return {
    stream,
    refresh,
    close() {
      off();
      if (timer) clearInterval(timer);
      timer = null;
      viewers.clear();
    },
  };
}
