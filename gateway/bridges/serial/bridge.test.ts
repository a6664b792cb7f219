// SerialBridge over serialport's mock binding: health, the setup panel data,
// metrics and the help overlay's gestures. The real ptys are in test/serial-pty.test.ts.
import { SerialPortMock } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { SerialBridge } from './bridge.js';
import { serialConfigSchema, type SerialConfigInput } from './config.js';
import type { PortFactory } from './ports.js';
import { recordingActions, silentLog } from './test-support.js';

const MockBinding = SerialPortMock.binding;
const DESK = '/dev/serial/by-id/usb-desk';
const SEN = '/dev/serial/by-id/usb-sen';

async function until(what: string, fn: () => boolean): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (fn()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function setup(extra: Partial<SerialConfigInput> = {}) {
  const config = serialConfigSchema.parse({
    devices: [
      { id: 'desk', port: DESK, protocol: 'scpm-serial/1' },
      { id: 'sen', port: SEN, protocol: 'dfrobot-sen0285', screen: 'lobby' },
    ],
    ...extra,
  });
  const ports = new Map<string, SerialPortMock>();
  const openPort: PortFactory = ({ path, baudRate }) => {
    const p = new SerialPortMock({ path, baudRate, autoOpen: false });
    ports.set(path, p);
    return p;
  };
  const actions = recordingActions();
  const bridge = new SerialBridge({ config, log: silentLog(), actions, openPort });
  return { bridge, ports, calls: actions.calls };
}

afterEach(() => MockBinding.reset());

describe('SerialBridge', () => {
  it('says which devices are open, and why not', async () => {
    MockBinding.createPort(DESK, { echo: false, record: false });
    const { bridge } = setup();
    expect(bridge.health().state).toBe('stopped');
    await bridge.start();
    await until('desk open', () => bridge.health().devices.some((d) => d.id === 'desk' && d.open));
    await until('sen failed', () => bridge.health().devices.some((d) => d.id === 'sen' && d.lastError !== null));
    const h = bridge.health();
    expect(h.state).toBe('degraded');
    expect(h.detail).toMatch(/^1 of 2 devices open; sen: closed for .*Port does not exist/);
    await bridge.stop();
    await bridge.stop();
    expect(bridge.health().state).toBe('stopped');
  });

  it('gives the setup panel its data and /metrics its counters', async () => {
    MockBinding.createPort(DESK, { echo: false, record: false });
    const { bridge, ports, calls } = setup();
    await bridge.start();
    await until('desk open', () => bridge.health().devices[0]!.open);
    ports.get(DESK)!.port!.emitData(Buffer.from('HELLO scpm-serial/1 desk-paj7620\nG swipe-left\nG nope\n'));
    await until('the action', () => calls.length === 1);
    expect(calls[0]).toMatchObject({ action: { action: 'next-page', screen: 'wall' }, source: 'gesture', principal: 'serial:desk' });

    const panel = bridge.setupPanel();
    const desk = panel.devices.find((d) => d.id === 'desk')!;
    expect(desk).toMatchObject({
      deviceName: 'desk-paj7620', port: DESK, protocol: 'scpm-serial/1', baudRate: 115200, open: true,
      framesIn: 2, rejectedTotal: 1, rejected: [{ reason: 'unknown-gesture', count: 1 }],
      lastGesture: { key: 'swipe-left', action: 'next-page', cue: { en: '← next page', ko: '← 다음 페이지' } },
    });
    expect(desk.frames.map((f) => f.decoded)).toEqual(['rejected: unknown-gesture ("nope")', 'gesture swipe-left', 'hello from desk-paj7620']);
    expect(desk.frames[1]!.hex).toBe('47 20 73 77 69 70 65 2d 6c 65 66 74 0a');
    expect(panel.devices.find((d) => d.id === 'sen')).toMatchObject({ open: false, protocol: 'dfrobot-sen0285', baudRate: 9600, screen: 'lobby' });
    expect(panel.demo).toBeNull();

    const m = bridge.metrics();
    const value = (name: string, labels: Record<string, string>) => m.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
    expect(value('scpm_serial_frames_total', { device: 'desk' })).toBe(2);
    expect(value('scpm_serial_frames_rejected_total', { device: 'desk', reason: 'unknown-gesture' })).toBe(1);
    expect(value('scpm_serial_actions_total', { device: 'desk' })).toBe(1);
    expect(value('scpm_serial_device_open', { device: 'desk' })).toBe(1);
    expect(value('scpm_serial_device_open', { device: 'sen' })).toBe(0);
    await bridge.stop();
  });

  it('shows in the help overlay only the gestures of connected devices on that screen', async () => {
    MockBinding.createPort(DESK, { echo: false, record: false });
    MockBinding.createPort(SEN, { echo: false, record: false });
    const { bridge } = setup({
      devices: [
        { id: 'desk', port: DESK, protocol: 'scpm-serial/1', gestures: ['swipe-left', 'swipe-right', 'wave', 'withdraw'] },
        { id: 'sen', port: SEN, protocol: 'dfrobot-sen0285', screen: 'lobby' },
      ],
    });
    await bridge.start();
    await until('both open', () => bridge.health().state === 'running');
    expect(bridge.helpGestures('wall').map((e) => `${e.gesture}: ${e.cue.en}`)).toEqual(['swipe-left: ← next page', 'swipe-right: → previous page', 'wave: wake']);
    expect(bridge.helpGestures('lobby').map((e) => e.gesture)).toEqual(['swipe-left', 'swipe-right', 'swipe-up', 'swipe-down', 'push', 'pull', 'double-tap']);
    expect(bridge.helpGestures('lobby')[0]!.action).toEqual({ action: 'next-page', screen: 'lobby' });
    await bridge.stop();
    expect(bridge.helpGestures('wall')).toEqual([]);
  });

  it('reports the demo as unavailable without a process port', async () => {
    const config = serialConfigSchema.parse({});
    const bridge = new SerialBridge({ config, log: silentLog(), actions: recordingActions(), demo: { dir: '/tmp' } });
    await bridge.start();
    expect(bridge.demo()?.status().state).toBe('unavailable');
    expect(await bridge.demo()!.sendGesture('swipe-left')).toEqual({ ok: false, error: expect.stringContaining('not running') });
    expect(bridge.health()).toMatchObject({ state: 'running', detail: expect.stringContaining('simulated device: no process port') });
    await bridge.stop();
  });
});
