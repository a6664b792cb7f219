// Display first: a kiosk booting with the gateway gets its page before the
// bridges load (~100 ms of module evaluation on the one thread, then the city
// link). Bridges start once the first page has been served and its assets
// fetched, or after a bound when nobody asks.

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Longest the bridges wait for the first page after the listener is up. */
const BRIDGES_AFTER_MS = 1500;
/** After the first page: time for the browser to fetch its CSS and scripts. */
const ASSETS_GRACE_MS = 200;

type Fetch = (req: Request, ...rest: never[]) => Response | Promise<Response>;

/** The content type of a response the handler wrote to Node's response itself (node-server's bindings carry it). */
function sentType(bindings: unknown): string {
  const type = (bindings as { outgoing?: { getHeader?(name: string): unknown } } | undefined)?.outgoing?.getHeader?.('content-type');
  return typeof type === 'string' ? type : '';
}

/** Why the bridges start: a page (or a reconnecting wall's live stream) was served, or nobody asked within the bound. */
export type FirstPage = 'first page served' | 'no page asked for';

export function firstPageGate<F extends Fetch>(fetch: F): { fetch: F; waitForFirstPage(): Promise<FirstPage> } {
  let served: () => void = () => undefined;
  const firstPage = new Promise<void>((resolve) => (served = resolve));
  let waiting = true;
  const wrapped = (async (req: Request, ...rest: never[]) => {
    // `rest` carries node-server's bindings (the socket: loopback checks need it).
    const res = await fetch(req, ...rest);
    // A page, or a wall already open reconnecting its live stream after a restart (written straight to Node's
    // response: display/sse/node-stream.ts; its headers are on that response, not on the one returned).
    const type = res.headers.get('content-type') ?? sentType(rest[0]);
    if (waiting && req.method === 'GET' && (type.startsWith('text/html') || type.startsWith('text/event-stream'))) {
      waiting = false;
      served();
    }
    return res;
  }) as F;
  return {
    fetch: wrapped,
    async waitForFirstPage() {
      const why = await Promise.race([
        sleep(BRIDGES_AFTER_MS).then((): FirstPage => 'no page asked for'),
        firstPage.then(() => sleep(ASSETS_GRACE_MS)).then((): FirstPage => 'first page served'),
      ]);
      waiting = false;
      return why;
    },
  };
}
