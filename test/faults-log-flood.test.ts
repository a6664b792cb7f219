// Log floods (issue 15): what an outsider can make the gateway say is logged
// rate-limited with counts. 10,000 bad city messages cost fewer than 50 log
// lines (the first of each kind in full, then one summary per kind with its
// count), and the rejected table stays at its bound while the flood lasts.
// Refused logins and denied topics on the local broker likewise.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rig, freePort, mqttClient, publishMany, sqliteCount, waitHandled, type Gateway, type Mosquitto, type MqttClient } from './rig/index.js';
import * as fx from './rig/fixtures.js';

const rig = new Rig('faults-log-flood');
let broker: Mosquitto;
let gw: Gateway;
let city: MqttClient;
let devicePort: number;
let configPath: string;
const DEVICE = { id: 'tablet-1', username: 'tablet-1', password: 'flood-test-password-0123' };

/** The gateway's log lines from index `from` on, parsed. */
function linesSince(from: number): { msg: string; suppressed?: number; level: number }[] {
  return gw.logs().slice(from).flatMap((l) => {
    try {
      return [JSON.parse(l) as { msg: string; suppressed?: number; level: number }];
    } catch {
      return [];
    }
  });
}

async function startGw(dataDir?: string): Promise<Gateway> {
  const g = await rig.gateway({ env: { SCPM_CONFIG: configPath, SCPM_LOCAL_BROKER_PORT: String(devicePort) }, dataDir });
  await g.waitConnected();
  return g;
}

beforeAll(async () => {
  broker = await rig.mosquitto();
  city = await rig.client(broker.url);
  devicePort = await freePort();
  configPath = join(rig.tempDir('cfg'), 'office.yaml');
  writeFileSync(configPath, [
    'office:', '  id: flood-office',
    'upstream:', `  url: ${JSON.stringify(broker.url)}`,
    'localBroker:', `  port: ${devicePort}`, '  devices:',
    `    - { id: ${DEVICE.id}, username: ${DEVICE.username}, password: ${DEVICE.password} }`, '',
  ].join('\n'));
  gw = await startGw();
}, 30_000);
afterAll(() => rig.cleanup());

describe('a flood of rejections', () => {
  it('10,000 bad city messages: fewer than 50 log lines, counts in the summaries, the rejected table at its bound', async () => {
    const from = gw.logs().length;
    const kinds = [
      (i: number) => ({ topic: fx.topics.urban('flood', '11230'), payload: `not json ${i}` }),
      (i: number) => ({ topic: fx.topics.urban('flood', '11230'), payload: JSON.stringify({ metric: 'flood', district: '11230', note: i }) }),
      (i: number) => ({ topic: `scpm/v1/weather/${i % 25}`, payload: '{}' }),
      (i: number) => ({ topic: fx.topics.urban('pm25', '11220'), payload: JSON.stringify({ ...fx.urban(i), district: '11220', metric: 'pm10' }) }),
    ];
    const flood = Array.from({ length: 10_000 }, (_, i) => kinds[i % kinds.length]!(i));
    let maxRows = 0;
    const sampler = setInterval(() => void sqliteCount(gw.dbPath, 'rejected_messages').then((n) => (maxRows = Math.max(maxRows, n)), () => undefined), 200);
    try {
      await publishMany(city, flood);
      await waitHandled(gw, 10_000, 30_000);
    } finally {
      clearInterval(sampler);
    }
    const rows = await sqliteCount(gw.dbPath, 'rejected_messages');
    // store.rejectedKeep (1000) plus at most one trim interval (100), during the flood and after, with no maintenance run.
    expect(rows).toBeLessThanOrEqual(1100);
    expect(maxRows).toBeLessThanOrEqual(1100);

    const during = linesSince(from);
    // Stopping writes the summary lines of the open windows (the counts).
    const stopped = await gw.stop();
    expect(stopped.code).toBe(0);
    const all = linesSince(from);
    console.warn(`faults-log-flood: 10,000 rejections → ${during.length} log lines during the flood, ${all.length} with the shutdown's summaries; rejected table ≤ ${Math.max(maxRows, rows)} rows`);
    expect(all.length).toBeLessThan(50);
    const rejectedLines = all.filter((l) => l.msg.startsWith('message rejected'));
    const logged = rejectedLines.filter((l) => l.suppressed === undefined).length;
    const summarized = rejectedLines.reduce((n, l) => n + (l.suppressed ?? 0), 0);
    expect(logged + summarized).toBe(10_000);
  }, 120_000);
});

describe('outsiders on the local broker', () => {
  it('300 refused logins, 300 denied publishes and 300 denied subscriptions: fewer than 50 log lines', async () => {
    if (!gw.running()) gw = await startGw(gw.dataDir);
    const url = `mqtt://127.0.0.1:${devicePort}`;
    const from = gw.logs().length;
    for (let i = 0; i < 300; i++) {
      const c = await mqttClient(url, { username: DEVICE.username, password: DEVICE.password, protocolVersion: 4 });
      const gone = new Promise<void>((resolve) => c.once('close', () => resolve()));
      c.publish(`office/flood-office/devices/someone-else/x${i}`, '{}', { qos: 0 });
      await gone;
    }
    const sub = await mqttClient(url, { username: DEVICE.username, password: DEVICE.password, protocolVersion: 4 });
    // Each answered 128 (refused): subscribeAsync rejects, the connection stays.
    for (let i = 0; i < 300; i++) await sub.subscribeAsync(`scpm/v1/secret-${i}/#`, { qos: 0 }).catch(() => undefined);
    sub.end(true);
    // Last: after a few failures the address is throttled (refused unchecked), which is logged the same way.
    for (let i = 0; i < 300; i++) {
      await mqttClient(url, { username: DEVICE.username, password: `wrong-${i}`, protocolVersion: 4 }).then((c) => c.end(true), () => undefined);
    }
    const stopped = await gw.stop();
    expect(stopped.code).toBe(0);
    const all = linesSince(from);
    const denied = all.filter((l) => /local broker: (connection refused|login refused unchecked|publish denied|subscription denied)/.test(l.msg));
    console.warn(`faults-log-flood: 900 local-broker refusals → ${all.length} log lines (${denied.length} about them)`);
    expect(all.length).toBeLessThan(50);
    const counted = (re: RegExp) => {
      const lines = denied.filter((l) => re.test(l.msg));
      return lines.filter((l) => l.suppressed === undefined).length + lines.reduce((n, l) => n + (l.suppressed ?? 0), 0);
    };
    expect(counted(/publish denied/)).toBe(300);
    expect(counted(/subscription denied/)).toBe(300);
    expect(counted(/connection refused|login refused unchecked/)).toBe(300);
  }, 120_000);
});
