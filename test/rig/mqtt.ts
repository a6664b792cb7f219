// An outside MQTT client (the city's side): plain mqtt.js, none of the gateway's code.
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { withTimeout } from '../../scripts/rig/wait.js';

let seq = 0;

export type OnMessage = (topic: string, payload: Buffer, packet: { retain: boolean; qos: number; dup: boolean }) => void;

/**
 * Connects (MQTT 5 by default) and resolves once CONNACK arrived; no automatic
 * reconnect unless asked. Give `onMessage` to catch what a persistent session
 * delivers right after CONNACK (it can arrive before this promise resolves).
 */
export async function mqttClient(url: string, opts: IClientOptions = {}, onMessage?: OnMessage): Promise<MqttClient> {
  const client = mqtt.connect(url, {
    clientId: `scpm-test-${process.pid}-${++seq}-${Math.random().toString(16).slice(2, 8)}`,
    protocolVersion: 5,
    reconnectPeriod: 0,
    connectTimeout: 5000,
    ...opts,
  });
  if (onMessage) client.on('message', (topic, payload, packet) => onMessage(topic, payload, { retain: packet.retain, qos: packet.qos, dup: packet.dup }));
  try {
    await withTimeout(new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
      client.once('close', () => reject(new Error(`connection to ${url} closed before CONNACK`)));
    }), 8000, `MQTT connect to ${url}`);
  } catch (err) {
    client.end(true);
    throw err;
  }
  client.removeAllListeners('error');
  client.on('error', () => {
    // Reported through the promises of publish/subscribe; an unhandled 'error' must not crash the test worker.
  });
  return client;
}

/** Publishes QoS 1 and resolves on the broker's PUBACK. */
export function publish1(client: MqttClient, topic: string, payload: string | Buffer, opts: { retain?: boolean } = {}): Promise<void> {
  return withTimeout(client.publishAsync(topic, payload, { qos: 1, retain: opts.retain ?? false }).then(() => undefined), 10_000, `PUBACK for ${topic}`);
}

/** Publishes many QoS 1 messages with at most `window` awaiting their PUBACK. */
export async function publishMany(client: MqttClient, messages: Iterable<{ topic: string; payload: string | Buffer; retain?: boolean }>, window = 200): Promise<number> {
  const inflight = new Set<Promise<void>>();
  let n = 0;
  for (const m of messages) {
    const p: Promise<void> = publish1(client, m.topic, m.payload, { retain: m.retain }).finally(() => inflight.delete(p));
    inflight.add(p);
    n++;
    if (inflight.size >= window) await Promise.race(inflight);
  }
  await Promise.all(inflight);
  return n;
}

export async function endClient(client: MqttClient): Promise<void> {
  await withTimeout(client.endAsync(), 3000, 'MQTT client end').catch(() => client.end(true));
}

export type { MqttClient };
