// SerialDevice's port handling on serialport's own mock binding (the real
// unplug of a pty is in test/serial-pty.test.ts): open failures back off with
// a bound, an unplug (close with err.disconnected) reconnects, stop is clean.
import { SerialPortMock } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { serialConfigSchema } from './config.js';
import { SerialDevice, describePortError } from './device.js';
import { DeviceInput } from './input.js';
import type { PortFactory } from './ports.js';
import { PROTOCOLS } from './protocols/index.js';
import { FakeClock, recordingActions, silentLog } from './test-support.js';

const PATH = '/dev/serial/by-id/usb-test-gestures';
// serialport's own instance: '@serialport/binding-mock' imported from ESM is a second copy (dual package).
const MockBinding = SerialPortMock.binding;

async function until(what: string, fn: () => boolean): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (fn()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function setup(random = () => 1) {
  const clock = new FakeClock();
  const config = serialConfigSchema.parse({ devices: [{ id: 'desk', port: PATH, protocol: 'scpm-serial/1' }] });
  const actions = recordingActions(() => clock.now());
  const log = silentLog();
  const input = new DeviceInput({ device: config.devices[0]!, driver: PROTOCOLS['scpm-serial/1'], config, clock, actions, log });
  const made: SerialPortMock[] = [];
  const openPort: PortFactory = ({ path, baudRate }) => {
    const p = new SerialPortMock({ path, baudRate, autoOpen: false });
    made.push(p);
    return p;
  };
  const device = new SerialDevice({ config: config.devices[0]!, input, reconnect: config.reconnect, clock, log, openPort, random });
  return { clock, device, made, calls: actions.calls };
}

afterEach(() => MockBinding.reset());

describe('SerialDevice', () => {
  it('retries open() with doubling delays up to reconnect.maxMs while the device is absent, then opens', async () => {
    const { clock, device, made } = setup();
    device.start();
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      await until('the open attempt to fail', () => device.health().retryAt !== null);
      const h = device.health();
      expect(h.state).toBe('closed');
      expect(h.lastError).toContain('Port does not exist');
      delays.push(h.retryAt! - clock.now());
      clock.advance(h.retryAt! - clock.now());
    }
    expect(delays).toEqual([200, 400, 800, 1600, 3000, 3000, 3000]);
    expect(made).toHaveLength(1); // one port object, open() retried on the path
    MockBinding.createPort(PATH, { echo: false, record: false });
    await until('open', () => device.health().retryAt !== null || device.health().open);
    clock.advance(device.health().retryAt! - clock.now());
    await until('open', () => device.health().open);
    expect(device.health()).toMatchObject({ state: 'open', opens: 1, openFailures: 8 });
    expect(device.health().status).toMatch(/^open for /);
    await device.stop();
  });

  it('feeds the bytes to the input path and reconnects after an unplug', async () => {
    const { clock, device, made, calls } = setup();
    MockBinding.createPort(PATH, { echo: false, record: false });
    device.start();
    await until('open', () => device.health().open);
    made[0]!.port!.emitData(Buffer.from('G swipe-left\n'));
    await until('the action', () => calls.length === 1);
    expect(calls[0]!.action).toEqual({ action: 'next-page', screen: 'wall' });

    // What serialport does when a read fails with a disconnect (see @serialport/stream _disconnected).
    made[0]!.close(undefined, Object.assign(new Error('Input/output error'), { disconnected: true }));
    await until('closed', () => device.health().state === 'closed');
    const h = device.health();
    expect(h).toMatchObject({ open: false, unplugs: 1, lastError: 'unplugged (the device was disconnected)' });
    expect(h.status).toMatch(/^closed for 0\.0 s: unplugged \(the device was disconnected\); next try in 0\.2 s$/);

    clock.advance(h.retryAt! - clock.now());
    await until('reopened', () => device.health().open);
    expect(made).toHaveLength(2); // a fresh port object after a close
    expect(device.health()).toMatchObject({ opens: 2, unplugs: 1 });
    clock.advance(500);
    made[1]!.port!.emitData(Buffer.from('G swipe-left\n'));
    await until('the second action', () => calls.length === 2);
    await device.stop();
  });

  it('stop closes the port, clears its timers, and is idempotent', async () => {
    const { clock, device, made } = setup();
    MockBinding.createPort(PATH, { echo: false, record: false });
    device.start();
    await until('open', () => device.health().open);
    made[0]!.port!.emitData(Buffer.from('T 1 down\n')); // arms a long-touch timer
    await until('the timer', () => clock.pending() === 1);
    await device.stop();
    await device.stop();
    expect(made[0]!.isOpen).toBe(false);
    expect(clock.pending()).toBe(0);
    expect(device.health().state).toBe('stopped');
  });

  it('stop while the device is absent leaves no retry behind', async () => {
    const { clock, device } = setup();
    device.start();
    await until('the first failure', () => device.health().retryAt !== null);
    await device.stop();
    expect(clock.pending()).toBe(0);
  });

  it('a port factory that throws is a failed open, not a crash', async () => {
    const clock = new FakeClock();
    const config = serialConfigSchema.parse({ devices: [{ id: 'desk', port: PATH, protocol: 'scpm-serial/1' }] });
    const log = silentLog();
    const input = new DeviceInput({ device: config.devices[0]!, driver: PROTOCOLS['scpm-serial/1'], config, clock, actions: recordingActions(), log });
    const device = new SerialDevice({ config: config.devices[0]!, input, reconnect: config.reconnect, clock, log, openPort: () => { throw new Error('bad options'); } });
    expect(() => device.start()).not.toThrow();
    expect(device.health()).toMatchObject({ state: 'closed', lastError: 'bad options' });
    await device.stop();
  });
});

describe('port errors in words', () => {
  it.each([
    [Object.assign(new Error('Error: No such file or directory, cannot open /dev/ttyACM0'), {}), /^not found \(unplugged\? else correct serial\.devices\[\]\.port: ls -l \/dev\/serial\/by-id\/ lists the plugged devices\)/],
    [Object.assign(new Error('Error: Permission denied, cannot open /dev/ttyACM0'), {}), /dialout/],
    [Object.assign(new Error('Error Resource temporarily unavailable Cannot lock port'), {}), /^busy/],
    [Object.assign(new Error('x'), { code: 'ENOENT' }), /^not found/],
  ])('%s', (err, words) => {
    expect(describePortError(err)).toMatch(words);
  });
});
