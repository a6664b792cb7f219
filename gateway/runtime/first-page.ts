// Display first: a kiosk booting with the gateway gets its page before the
// bridges load (~100 ms of module evaluation on the one thread, then the city
// link). Bridges start once the first page has been served and its assets
// fetched, or after a bound when nobody asks.
import { setTimeout as sleep } from 'node:timers/promises';

/** Longest the bridges wait for the first page after the listener is up. */
const BRIDGES_AFTER_MS = 1500;
/** After the first page: time for the browser to fetch its CSS and scripts. */
const ASSETS_GRACE_MS = 200;

type Fetch = (req: Request, ...rest: never[]) => Response | Promise<Response>;

export function firstPageGate<F extends Fetch>(fetch: F): { fetch: F; waitForFirstPage(): Promise<void> } {
  let served: () => void = () => undefined;
  const firstPage = new Promise<void>((resolve) => (served = resolve));
  let waiting = true;
  const wrapped = (async (req: Request, ...rest: never[]) => {
    // `rest` carries node-server's bindings (the socket: loopback checks need it).
    const res = await fetch(req, ...rest);
    // A page, or a wall already open reconnecting its live stream after a restart.
    const type = res.headers.get('content-type') ?? '';
    if (waiting && req.method === 'GET' && (type.startsWith('text/html') || type.startsWith('text/event-stream'))) {
      waiting = false;
      served();
    }
    return res;
  }) as F;
  return {
    fetch: wrapped,
    async waitForFirstPage() {
      await Promise.race([sleep(BRIDGES_AFTER_MS), firstPage.then(() => sleep(ASSETS_GRACE_MS))]);
      waiting = false;
    },
  };
}
