// A TCP tap between an MQTT client (the gateway) and a broker: it forwards
// bytes unchanged and records, from both directions, the PUBLISH and PUBACK
// packets (mqtt-packet's parser), so a test can show what went over the wire:
// which publish each PUBACK answered, and whether anything was published again
// after its PUBACK. A connection to the tap while the broker is down is closed
// at once, as the broker's own refusal would be.
import { createServer, connect, type Server, type Socket } from 'node:net';
import mqttPacket from 'mqtt-packet';
import { freePort } from '../../scripts/rig/ports.js';

export interface TapEvent {
  t: number;
  /** Connection number through the tap (1, 2, …). */
  conn: number;
  /** up: client → broker; down: broker → client. */
  dir: 'up' | 'down';
  cmd: string;
  messageId?: number;
  dup?: boolean;
  reasonCode?: number;
  topic?: string;
  payload?: Buffer;
}

export interface MqttTap {
  port: number;
  url: string;
  events: TapEvent[];
  close(): Promise<void>;
}

const MAX_EVENTS = 200_000;

export async function startMqttTap(brokerPort: number, o: { port?: number } = {}): Promise<MqttTap> {
  const port = o.port ?? (await freePort());
  const events: TapEvent[] = [];
  const sockets = new Set<Socket>();
  let conns = 0;
  const record = (e: TapEvent) => {
    if (events.length < MAX_EVENTS) events.push(e);
  };
  const server: Server = createServer((client) => {
    const conn = ++conns;
    const broker = connect(brokerPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(broker);
    const up = mqttPacket.parser({ protocolVersion: 4 });
    const down = mqttPacket.parser({ protocolVersion: 4 });
    up.on('packet', (p: mqttPacket.Packet) => {
      if (p.cmd === 'connect') {
        // The parser does not learn the protocol version by itself: both directions follow the CONNECT.
        const v = (p as mqttPacket.IConnectPacket).protocolVersion ?? 4;
        (up as unknown as { settings: { protocolVersion: number } }).settings.protocolVersion = v;
        (down as unknown as { settings: { protocolVersion: number } }).settings.protocolVersion = v;
      }
      note(conn, 'up', p);
    });
    down.on('packet', (p: mqttPacket.Packet) => note(conn, 'down', p));
    up.on('error', () => undefined);
    down.on('error', () => undefined);
    client.on('data', (d: Buffer) => {
      up.parse(d);
      broker.write(d);
    });
    broker.on('data', (d: Buffer) => {
      down.parse(d);
      client.write(d);
    });
    // A side that closes lets the other read what was already written to it
    // (end, not destroy: a PUBACK the broker sent just before it died still
    // reaches the client, as it would over a plain TCP connection).
    const gone = (s: Socket) => sockets.delete(s);
    client.on('close', () => {
      gone(client);
      broker.end();
    });
    broker.on('close', () => {
      gone(broker);
      client.end();
    });
    client.on('error', () => broker.end());
    broker.on('error', () => client.end());
  });
  const note = (conn: number, dir: 'up' | 'down', p: mqttPacket.Packet) => {
    if (p.cmd === 'publish') {
      const pub = p as mqttPacket.IPublishPacket;
      record({ t: Date.now(), conn, dir, cmd: 'publish', messageId: pub.messageId, dup: pub.dup, topic: pub.topic, payload: Buffer.from(pub.payload as Buffer) });
    } else if (p.cmd === 'puback') {
      const ack = p as mqttPacket.IPubackPacket;
      record({ t: Date.now(), conn, dir, cmd: 'puback', messageId: ack.messageId, reasonCode: ack.reasonCode });
    } else if (p.cmd === 'connect' || p.cmd === 'connack' || p.cmd === 'disconnect') {
      record({ t: Date.now(), conn, dir, cmd: p.cmd });
    }
  };
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    events,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

/** `seq`: the event's place in the tap's record (times can tie within a millisecond). */
export interface PublishRecord { conn: number; t: number; seq: number; messageId: number; acked: { t: number; seq: number; reasonCode: number } | null }

/**
 * Per order id (read from each publish's JSON payload on `topic`): its
 * publishes, each with the PUBACK that answered it on the same connection
 * (the first PUBACK with its message id after it), or null.
 */
export function publishesById(events: readonly TapEvent[], topic: string): Map<string, PublishRecord[]> {
  const out = new Map<string, PublishRecord[]>();
  const open = new Map<string, PublishRecord>();
  for (const [seq, e] of events.entries()) {
    if (e.cmd === 'publish' && e.dir === 'up' && e.topic === topic && e.messageId !== undefined) {
      let id: string;
      try {
        id = String((JSON.parse(e.payload!.toString()) as { id?: unknown }).id);
      } catch {
        id = '(not json)';
      }
      const rec: PublishRecord = { conn: e.conn, t: e.t, seq, messageId: e.messageId, acked: null };
      out.set(id, [...(out.get(id) ?? []), rec]);
      open.set(`${e.conn}:${e.messageId}`, rec);
    } else if (e.cmd === 'puback' && e.dir === 'down' && e.messageId !== undefined) {
      const key = `${e.conn}:${e.messageId}`;
      const rec = open.get(key);
      if (rec) {
        rec.acked = { t: e.t, seq, reasonCode: e.reasonCode ?? 0 };
        open.delete(key);
      }
    }
  }
  return out;
}

/** Order ids published again after an earlier publish of theirs was acknowledged with success. */
export function republishedAfterAck(byId: Map<string, PublishRecord[]>): string[] {
  const bad: string[] = [];
  for (const [id, pubs] of byId) {
    const firstOk = pubs.find((p) => p.acked !== null && p.acked.reasonCode < 0x80);
    if (firstOk && pubs.some((p) => p.seq > firstOk.acked!.seq)) bad.push(id);
  }
  return bad;
}
