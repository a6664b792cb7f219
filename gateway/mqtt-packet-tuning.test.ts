import { createRequire } from 'node:module';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import mqttPacket from 'mqtt-packet';
import './mqtt-packet-tuning.js';

describe('mqtt-packet tuning', () => {
  it('turns the number cache off in the one copy that mqtt.js and aedes load', () => {
    expect(mqttPacket.writeToStream.cacheNumbers).toBe(false);
    // The setting only reaches them if npm deduplicated the package (else there
    // are two caches and this module tunes neither client's).
    for (const user of ['mqtt', 'aedes']) {
      const theirs = createRequire(createRequire(import.meta.url).resolve(user))('mqtt-packet') as typeof mqttPacket;
      expect(theirs.writeToStream, user).toBe(mqttPacket.writeToStream);
    }
  });

  it('still writes packet ids and topic lengths correctly without the cache', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    mqttPacket.writeToStream({ cmd: 'publish', topic: 'a/b', payload: Buffer.from('x'), qos: 1, messageId: 0x1234, retain: false, dup: false }, out);
    await new Promise((resolve) => setImmediate(resolve)); // the writer corks the stream until the next tick
    // MQTT 3.1.1 §3.3: fixed header 0x32, remaining length 8, topic length 0x0003, "a/b", packet id 0x1234, payload "x".
    expect(Buffer.concat(chunks)).toEqual(Buffer.from([0x32, 8, 0, 3, 0x61, 0x2f, 0x62, 0x12, 0x34, 0x78]));
  });
});
