// The actions door works from a bridge: a device publishes a gesture-like
// event on the local broker; a test bridge (one folder's worth, inline here)
// maps it to an action through its actions port; the wall's screen moves and
// the action log names the device.
import { describe, it, expect, afterAll } from 'vitest';
import mqtt from 'mqtt';
import { z } from 'zod';
import { BRIDGES } from './index.js';
import { defineBridge, type AnyDescriptor } from './types.js';
import { testHost, type TestHost } from './test-ports.js';

const gestureMapper = defineBridge({
  name: 'gesture-mapper',
  configKey: 'gestureMapper',
  configSchema: z.strictObject({ map: z.record(z.string(), z.string()).default({ 'swipe-left': 'next-page', push: 'open-first' }) }).prefault({}),
  enabled: () => true,
  load: async () => ({
    create: (ports) => ({
      async start() {
        ports.bus.on('device:message', (m) => {
          const gesture = (m.payload as { gesture?: unknown }).gesture;
          const action = typeof gesture === 'string' ? ports.config.map[gesture] : undefined;
          if (m.subtopic === 'gesture' && action) void ports.actions.dispatch({ action }, 'gesture', `device:${m.deviceId}`).catch(() => undefined);
        });
      },
      async stop() {},
      health: () => ({ state: 'running' as const }),
    }),
  }),
});

const LIST: readonly AnyDescriptor[] = [...BRIDGES.filter((d) => d.name === 'local-broker'), gestureMapper];
let t: TestHost | null = null;
afterAll(async () => t?.close());

describe('a device event through a bridge to the actions door', () => {
  it('a tablet publishes swipe-left on the local broker → the wall goes to its next page, logged as the device', async () => {
    t = testHost(LIST, 'office: { id: door }\nlocalBroker: { port: 0, devices: [{ id: pad-1, username: pad-1, password: "pad-1-password-0123456" }] }\n');
    await t.host.startAll();
    const port = t.host.health()['local-broker']!.port as number;
    const device = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { protocolVersion: 4, username: 'pad-1', password: 'pad-1-password-0123456', reconnectPeriod: 0 });
    const before = t.screens.actions.get('wall')!.view.page;
    await device.publishAsync('office/door/devices/pad-1/gesture', JSON.stringify({ gesture: 'swipe-left' }), { qos: 1 });
    const end = Date.now() + 5000;
    while (t.screens.actions.get('wall')!.view.page === before && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    await device.endAsync();
    expect(before).toBe('overview');
    expect(t.screens.actions.get('wall')!.view.page).toBe('urban');
    expect(t.screens.actions.log()[0]).toMatchObject({ action: 'next-page', source: 'gesture', principal: 'device:pad-1', outcome: 'done' });
  }, 20_000);
});
