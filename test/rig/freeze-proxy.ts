// A TCP proxy in front of the gateway whose `freeze` makes every connection
// open at that moment go silent without closing: no byte either way, no FIN,
// no reset — a connection cut somewhere on the way (or a hung peer), as the
// wall's browser would see it. Connections made after a freeze go through.
// `cut` closes the open connections at once instead (a reset).
import { connect, createServer, type Server, type Socket } from 'node:net';
import { freePort } from '../../scripts/rig/ports.js';

export interface FreezeProxy {
  port: number;
  /** http://127.0.0.1:{port} */
  url: string;
  /** Connections accepted so far. */
  readonly accepted: number;
  /** Silences the connections open now (both directions), leaving them open. */
  freeze(): void;
  /** Closes every connection open now, frozen or not. */
  cut(): void;
  close(): Promise<void>;
}

export async function startFreezeProxy(targetPort: number): Promise<FreezeProxy> {
  const port = await freePort();
  /** Pairs still forwarding; `sockets` holds every open socket, frozen or not, for close. */
  const pairs = new Set<[Socket, Socket]>();
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server: Server = createServer((client) => {
    accepted++;
    const target = connect(targetPort, '127.0.0.1');
    const pair: [Socket, Socket] = [client, target];
    pairs.add(pair);
    sockets.add(client).add(target);
    client.pipe(target);
    target.pipe(client);
    const drop = () => {
      pairs.delete(pair);
      sockets.delete(client);
      sockets.delete(target);
      client.destroy();
      target.destroy();
    };
    client.on('error', drop).on('close', drop);
    target.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    get accepted() { return accepted; },
    freeze() {
      for (const [client, target] of pairs) {
        client.unpipe(target);
        target.unpipe(client);
        client.pause();
        target.pause();
      }
      pairs.clear();
    },
    cut() {
      for (const s of sockets) s.destroy();
    },
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
