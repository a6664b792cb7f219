// The city broker (persistent mosquitto) is SIGKILLed and restarted 10 times
// while orders are posted to the real gateway: every order arrives at the
// city's desk, counted by id. A tap between the gateway and the broker records
// the wire, so duplicates at the desk can be told apart: the gateway publishes
// an order again only when no PUBACK came for it (QoS 1 at-least-once, the
// broker died first), never after a PUBACK; whatever else the desk sees twice
// is the broker redelivering, after its own crash, what it had delivered.
import { afterAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { Rig, freePort, httpJson, metric, publishesById, republishedAfterAck, sleep, waitFor, writeConfig, type Mosquitto } from './rig/index.js';
import * as fx from './rig/fixtures.js';

const OFFICE = 'kills-office';
const TOKEN = 'kills-test-token-0123456789';
const ORDERS = fx.topics.orders(OFFICE);
const KILLS = 10;
const rig = new Rig('orders-broker-kills');
afterAll(() => rig.cleanup());

describe('orders while the city broker is killed and restarted 10×', () => {
  it('every order arrives, by id; the gateway never republishes after a PUBACK', async () => {
    const started = Date.now();
    const port = await freePort();
    const dir = rig.tempDir('broker');
    let broker: Mosquitto = await rig.mosquitto({ persistence: true, dir, port });
    const tap = await rig.tap(port);

    // The city's desk: a persistent session straight on the broker, reconnecting by itself.
    const seen = new Map<string, { n: number; dups: number }>();
    const desk = mqtt.connect(broker.url, { protocolVersion: 5, clientId: 'city-desk-kills', clean: false, properties: { sessionExpiryInterval: 3600 }, reconnectPeriod: 100, connectTimeout: 2000 });
    desk.on('error', () => undefined);
    desk.on('message', (topic, payload, packet) => {
      if (topic !== ORDERS) return;
      const id = String((JSON.parse(payload.toString()) as { id: string }).id);
      const s = seen.get(id) ?? { n: 0, dups: 0 };
      s.n++;
      if (packet.dup) s.dups++;
      seen.set(id, s);
    });
    rig.defer('city desk', () => new Promise<void>((resolve) => desk.end(true, {}, () => resolve())));
    await waitFor(() => desk.connected, { what: 'the desk connected', timeoutMs: 5000 });
    await desk.subscribeAsync(ORDERS, { qos: 1 });
    // The subscription must be in the broker's save before its first crash (autosave every second).
    await sleep(1500);

    const configPath = writeConfig(rig.tempDir('config'), {
      officeId: OFFICE, upstreamUrl: tap.url, reconnectMinMs: 100, reconnectMaxMs: 1000,
      extra: 'orders:\n  perPrincipalPerMinute: 100000',
    });
    const gw = await rig.gateway({ env: { SCPM_CONFIG: configPath, SCPM_API_TOKEN: TOKEN } });
    await gw.waitConnected();
    const pid = gw.pid;

    // Orders are posted all along, one every 50 ms, and in bursts right at each kill (so some are in flight).
    const posted: string[] = [];
    const postErrors: string[] = [];
    let n = 0;
    const postOne = async () => {
      const res = await httpJson<{ id: string }>(`${gw.baseUrl}/api/v1/orders`, { method: 'POST', token: TOKEN, body: JSON.stringify({ text: `Order ${++n} during the broker kills`, source: { via: 'api' } }) })
        .catch((err: Error) => ({ status: 0, body: { id: '' }, error: err.message }));
      if (res.status === 202) posted.push(res.body.id);
      else postErrors.push(String(res.status));
    };
    let posting = true;
    const poster = (async () => {
      while (posting) {
        await postOne();
        await sleep(50);
      }
    })();
    const bursts: Promise<void>[] = [];

    for (let k = 0; k < KILLS; k++) {
      // Let orders flow on this broker, then crash it.
      await gw.waitConnected(15_000);
      const before = seen.size;
      await waitFor(() => desk.connected && seen.size >= before + 5, { what: `orders flowing before kill ${k + 1}`, timeoutMs: 15_000 });
      await sleep(200 + Math.round(Math.random() * 600));
      bursts.push(...Array.from({ length: 30 }, () => postOne()));
      await sleep(Math.round(Math.random() * 30));
      const exit = await broker.kill();
      expect(exit.signal).toBe('SIGKILL');
      await sleep(200 + Math.round(Math.random() * 300));
      broker = await rig.mosquitto({ persistence: true, dir, port });
    }
    await gw.waitConnected(15_000);
    await sleep(1000);
    posting = false;
    await poster;
    await Promise.all(bursts);

    await waitFor(() => posted.every((id) => seen.has(id)), { what: `all ${posted.length} orders at the desk`, timeoutMs: 60_000, intervalMs: 100 });
    await waitFor(async () => (await metric(gw, 'scpm_outbox_pending')) === 0, { what: 'nothing owed', timeoutMs: 10_000 });
    await sleep(500); // room for a late duplicate
    const runMs = Date.now() - started;

    // Every order arrived; nothing arrived that was not posted.
    expect(postErrors).toEqual([]);
    const missing = posted.filter((id) => !seen.has(id));
    expect(missing).toEqual([]);
    expect([...seen.keys()].filter((id) => !posted.includes(id))).toEqual([]);
    // The gateway process never restarted.
    expect(gw.running()).toBe(true);
    expect(gw.pid).toBe(pid);

    // The wire: each order published once, or again only after a publish that got no PUBACK.
    const wire = publishesById(tap.events, ORDERS);
    const badIds = republishedAfterAck(wire);
    if (badIds.length) {
      for (const id of badIds.slice(0, 3)) {
        process.stderr.write(`DEBUG ${id}: ${JSON.stringify(wire.get(id))} seen=${JSON.stringify(seen.get(id))}\n`);
        const pubs = wire.get(id)!;
        const lo = Math.min(...pubs.map((p) => p.seq)) - 3;
        const hi = Math.max(...pubs.map((p) => p.acked?.seq ?? p.seq)) + 3;
        for (let q = lo; q <= hi && q < tap.events.length; q++) {
          const e = tap.events[q]!;
          process.stderr.write(`  ${q} conn${e.conn} ${e.dir} ${e.cmd} m${e.messageId ?? ''} rc${e.reasonCode ?? ''} dup${e.dup ?? ''} ${e.payload ? String((JSON.parse(e.payload.toString()) as { id: string }).id) : ''}\n`);
        }
      }
    }
    expect(badIds).toEqual([]);
    expect(posted.every((id) => wire.get(id)?.some((p) => p.acked !== null && p.acked.reasonCode < 0x80))).toBe(true);
    const republishedNoAck = [...wire.entries()].filter(([, pubs]) => pubs.length > 1);
    // Duplicates at the desk: those the gateway sent twice (no PUBACK for the first) and those the broker redelivered.
    const dupIds = [...seen.entries()].filter(([, s]) => s.n > 1).map(([id]) => id);
    const byGateway = dupIds.filter((id) => (wire.get(id)?.length ?? 0) > 1);
    const byBroker = dupIds.filter((id) => (wire.get(id)?.length ?? 0) === 1);
    const extra = [...seen.values()].reduce((n, s) => n + s.n - 1, 0);
    const dupFlagged = [...seen.values()].reduce((n, s) => n + s.dups, 0);
    // A duplicate the gateway did not cause is a broker redelivery, which it marks DUP.
    for (const id of byBroker) expect(seen.get(id)!.dups).toBeGreaterThanOrEqual(1);
    process.stderr.write(`broker kills: ${KILLS} kills in ${(runMs / 1000).toFixed(1)} s; orders posted ${posted.length}, delivered ${seen.size} distinct (missing ${missing.length}); `
      + `extra deliveries at the desk ${extra} (DUP-flagged ${dupFlagged}; ids the broker redelivered ${byBroker.length}, ids the gateway republished for want of a PUBACK ${byGateway.length}); `
      + `gateway publishes ${[...wire.values()].reduce((n, p) => n + p.length, 0)}, orders published more than once ${republishedNoAck.length}, republished after a PUBACK 0; tap connections ${Math.max(...tap.events.map((e) => e.conn))}\n`);
  }, 240_000);
});
