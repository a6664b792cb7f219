// The serial bridge on REAL serialport over socat pty pairs (test-rig.md):
// frames of both protocols in → the actions given to the actions port (a
// recorder: the one part not real here; the page reacting is the lead's
// Chromium test); unplug (socat stopped) → health says so → replug (socat
// again on the same link paths) → gestures work again within 5 s; a device
// chattering at 100 gestures a second → one action per refractory window; the
// demo's simulated device through a process port.
import { constants } from 'node:fs';
import { readdirSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { pino } from 'pino';
import { SerialBridge } from '../gateway/bridges/serial/bridge.js';
import { serialConfigSchema } from '../gateway/bridges/serial/config.js';
import { hangUpAwareBinding } from '../gateway/bridges/serial/hangup-binding.js';
import { dfrobotFrame } from '../gateway/bridges/serial/protocols/dfrobot-sen0285.js';
import type { ActionInput } from '../gateway/actions/vocabulary.js';
import type { ChildHealth, ChildSpec, ChildState, ProcessPort } from '../gateway/process/types.js';
import { Rig, spawnTracked, stopTracked, waitFor, sleep } from './rig/index.js';
import type { Tracked } from '../scripts/rig/process.js';

const rig = new Rig('serial-pty');
const log = pino({ level: 'silent' });

interface Call { action: ActionInput; source: string; principal: string; at: number }
const calls: Call[] = [];
/** When the bridge recognised the gesture (its clock, set just before it dispatches): the test's own clock could read later under load. */
const recognisedAt = (principal: string) => bridge?.devices().find((d) => `serial:${d.health.id}` === principal)?.input.lastGesture?.at;
const actions = { dispatch: (action: ActionInput, source: string, principal: string) => void calls.push({ action, source, principal, at: recognisedAt(principal) ?? Date.now() }) };
const of = (principal: string, since = 0) => calls.slice(since).filter((c) => c.principal === principal);

/** socat pty pair; `gateway` is the end the bridge opens, `device` the end the test plays the device on. */
async function socat(gateway: string, device: string): Promise<Tracked> {
  let ready = false;
  const t = spawnTracked('socat', ['-d', '-d', `pty,raw,echo=0,link=${gateway}`, `pty,raw,echo=0,link=${device}`], {
    onLine: (line) => {
      if (/starting data transfer loop/.test(line)) ready = true;
    },
  });
  rig.defer(`socat ${t.pid}`, () => stopTracked(t));
  await waitFor(() => ready, { timeoutMs: 5000, what: `socat ${gateway} ready`, abort: () => (t.running() ? null : new Error(`socat exited: ${t.stderr.join('\n')}`)) });
  return t;
}

/** The device end, opened like a device would (O_NOCTTY: never our controlling terminal). */
function openDevice(path: string): Promise<FileHandle> {
  return open(path, constants.O_WRONLY | constants.O_NOCTTY);
}

async function write(path: string, data: string | Buffer): Promise<void> {
  const fh = await openDevice(path);
  try {
    await fh.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  } finally {
    await fh.close();
  }
}

let dir: string;
let bridge: SerialBridge;
const desk = { gateway: '', device: '', socat: null as Tracked | null };
const sen = { gateway: '', device: '', socat: null as Tracked | null };
const deviceHealth = (id: string) => bridge.health().devices.find((d) => d.id === id)!;

beforeAll(async () => {
  dir = rig.tempDir('pty');
  Object.assign(desk, { gateway: join(dir, 'desk-gw'), device: join(dir, 'desk-dev') });
  Object.assign(sen, { gateway: join(dir, 'sen-gw'), device: join(dir, 'sen-dev') });
  [desk.socat, sen.socat] = await Promise.all([socat(desk.gateway, desk.device), socat(sen.gateway, sen.device)]);
  const config = serialConfigSchema.parse({
    devices: [
      { id: 'desk', port: desk.gateway, protocol: 'scpm-serial/1' },
      { id: 'sen', port: sen.gateway, protocol: 'dfrobot-sen0285', screen: 'lobby' },
    ],
    gestures: { actions: { 'pad-3': 'next-camera', 'pad-2': 'wake' } },
  });
  bridge = new SerialBridge({ config, log, actions });
  rig.defer('serial bridge', () => bridge.stop());
  await bridge.start();
  await waitFor(() => bridge.health().state === 'running', { timeoutMs: 5000, what: 'both devices open' });
});

afterAll(() => rig.cleanup());

describe('serial bridge on socat ptys (real serialport)', () => {
  it('turns frames of both protocols into actions with source gesture', async () => {
    const since = calls.length;
    await write(desk.device, 'HELLO scpm-serial/1 desk-paj7620\nG swipe-left\nG circle-cw 0.9\nG bogus\n');
    await write(desk.device, 'T 3 down\n');
    await sleep(50);
    await write(desk.device, 'T 3 up\nB push-to-talk down\nB push-to-talk up\n');
    await write(sen.device, Buffer.concat([dfrobotFrame(0x02), Buffer.from([0x13, 0x37]), dfrobotFrame(0x04), dfrobotFrame(0x22)]));
    await waitFor(() => of('serial:desk', since).length === 4 && of('serial:sen', since).length === 3, { timeoutMs: 5000, what: 'the actions of both devices' });
    expect(of('serial:desk', since).map((c) => c.action)).toEqual([
      { action: 'next-page', screen: 'wall' },
      { action: 'next-district', screen: 'wall' },
      { action: 'next-camera', screen: 'wall' },
      { action: 'listen', screen: 'wall' },
    ]);
    expect(of('serial:sen', since).map((c) => c.action)).toEqual([
      { action: 'next-page', screen: 'lobby' },
      { action: 'home', screen: 'lobby' },
      { action: 'wake', screen: 'lobby' },
    ]);
    expect(calls.slice(since).every((c) => c.source === 'gesture')).toBe(true);
    const panel = bridge.setupPanel();
    expect(panel.devices.find((d) => d.id === 'desk')).toMatchObject({ deviceName: 'desk-paj7620', rejected: [{ reason: 'unknown-gesture', count: 1 }] });
    expect(panel.devices.find((d) => d.id === 'sen')).toMatchObject({ rejected: [{ reason: 'garbage', count: 1 }], lastGesture: { key: 'tap', action: null } });
  });

  it('survives an unplug: health says so, and after the replug gestures work again within 5 s', async () => {
    // A failure before the replug must not leave the desk device unplugged for the next test.
    onTestFinished(async () => {
      if (desk.socat?.running()) return;
      desk.socat = await socat(desk.gateway, desk.device);
      await waitFor(() => deviceHealth('desk').open, { timeoutMs: 5000, what: 'the desk device reopened' });
    });
    await stopTracked(desk.socat!); // SIGTERM: socat removes its links, like a device vanishing from /dev
    await waitFor(() => deviceHealth('desk').state === 'closed', { timeoutMs: 5000, what: 'the bridge to see the unplug' });
    const h = deviceHealth('desk');
    expect(h).toMatchObject({ open: false, unplugs: 1, lastError: 'unplugged (the device was disconnected)' });
    expect(bridge.health()).toMatchObject({ state: 'degraded', detail: expect.stringContaining('desk: closed for') });
    await sleep(1500); // let the retries back off
    expect(deviceHealth('desk').lastError).toMatch(/^not found \(unplugged\? else correct serial\.devices\[0\]\.port: ls -l \/dev\/serial\/by-id\/ lists the plugged devices\)/);

    const since = calls.length;
    const replugged = Date.now();
    desk.socat = await socat(desk.gateway, desk.device);
    await waitFor(() => deviceHealth('desk').open, { timeoutMs: 5000, what: 'the port to reopen after the replug' });
    const reopenMs = Date.now() - replugged;
    await write(desk.device, 'G swipe-right\n');
    await waitFor(() => of('serial:desk', since).length === 1, { timeoutMs: Math.max(1, 5000 - (Date.now() - replugged)), what: 'a gesture within 5 s of the replug' });
    const gestureMs = Date.now() - replugged;
    expect(of('serial:desk', since)[0]!.action).toEqual({ action: 'previous-page', screen: 'wall' });
    expect(deviceHealth('desk')).toMatchObject({ state: 'open', opens: 2, unplugs: 1 });
    expect(bridge.health().state).toBe('running');
    console.warn(`serial-pty: replug → port open ${reopenMs} ms, → first action ${gestureMs} ms`);
  });

  it('a chattering device at 100 gestures a second gives one action per refractory window, the rest counted', async () => {
    const since = calls.length;
    const before = bridge.devices().find((d) => d.health.id === 'desk')!.input;
    const fh = await openDevice(desk.device);
    const started = Date.now();
    try {
      for (let i = 0; i < 200; i++) {
        await fh.write(Buffer.from('G circle-ccw\n'));
        await sleep(10);
      }
    } finally {
      await fh.close();
    }
    await waitFor(() => {
      const s = bridge.devices().find((d) => d.health.id === 'desk')!.input;
      return s.framesIn + (s.rejected['rate-limit'] ?? 0) - before.framesIn - (before.rejected['rate-limit'] ?? 0) === 200;
    }, { timeoutMs: 5000, what: 'all 200 frames decoded or dropped by the cap (none lost)' });
    const durationMs = Date.now() - started;
    const after = bridge.devices().find((d) => d.health.id === 'desk')!.input;
    const got = of('serial:desk', since);
    expect(got.every((c) => c.action.action === 'previous-district')).toBe(true);
    // 400 ms between the frames' arrival times (the bridge's clock, as it recognised each one).
    for (let i = 1; i < got.length; i++) expect(got[i]!.at - got[i - 1]!.at).toBeGreaterThanOrEqual(400);
    // Every window of continuous chatter gives its action (a window stretched by each suppressed gesture would give one in all).
    expect(got.length).toBeGreaterThanOrEqual(Math.floor(durationMs / 400) - 1);
    expect(got.length).toBeLessThanOrEqual(Math.floor(durationMs / 400) + 1);
    const dropped = (after.rejected['rate-limit'] ?? 0) - (before.rejected['rate-limit'] ?? 0);
    expect(dropped).toBeGreaterThan(0);
    console.warn(`serial-pty: chatter 200 gestures in ${durationMs} ms → ${got.length} actions, ${dropped} frames over the rate cap, ${after.suppressed - before.suppressed} in the refractory window`);
  });
});

describe('unplug cycles', () => {
  it('six unplug/replug cycles leak no file descriptors', async () => {
    const d = rig.tempDir('cycles');
    const [gw, dev] = [join(d, 'gw'), join(d, 'dev')];
    let s = await socat(gw, dev);
    const b = new SerialBridge({ config: serialConfigSchema.parse({ devices: [{ id: 'flappy', port: gw, protocol: 'scpm-serial/1' }], reconnect: { minMs: 50, maxMs: 200 } }), log, actions });
    rig.defer('flappy bridge', () => b.stop());
    await b.start();
    await waitFor(() => b.health().state === 'running', { timeoutMs: 5000, what: 'flappy open' });
    const fds: number[] = [];
    for (let i = 0; i < 6; i++) {
      await stopTracked(s);
      await waitFor(() => b.health().state === 'degraded', { timeoutMs: 5000, what: `unplug ${i + 1} seen` });
      s = await socat(gw, dev);
      await waitFor(() => b.health().state === 'running', { timeoutMs: 5000, what: `replug ${i + 1} reopened` });
      await sleep(50);
      fds.push(readdirSync('/proc/self/fd').length);
    }
    expect(b.health().devices[0]).toMatchObject({ opens: 7, unplugs: 6 });
    expect(fds[5]! - fds[1]!).toBeLessThanOrEqual(0);
    await b.stop();
  });
});

describe('a tty that hung up before the read', () => {
  it('ends the read with a disconnect, not endless empty reads (serialport/bindings-cpp#162)', async () => {
    const d = rig.tempDir('hangup');
    const [gw, dev] = [join(d, 'gw'), join(d, 'dev')];
    const s = await socat(gw, dev);
    const port = await hangUpAwareBinding().open({ path: gw, baudRate: 9600 });
    rig.defer('hung-up port', () => (port.isOpen ? port.close() : undefined));
    // The other end closes and the kernel hangs this one up before anyone reads: what a busy gateway meets when a
    // USB adapter is pulled. Every read of a hung-up tty returns 0 bytes from then on.
    await stopTracked(s);
    await sleep(100);
    const outcome = await Promise.race([
      port.read(Buffer.alloc(64), 0, 64).then(() => 'data', (err: unknown) => err),
      sleep(2000).then(() => 'still reading after 2 s'),
    ]);
    expect(outcome).toBeInstanceOf(Error);
    // Not `canceled`: serialport's stream takes any other error as a disconnect, which the bridge counts as an unplug.
    expect(outcome).toMatchObject({ message: 'hung up (the read returned end of file)', code: 'EHANGUP' });
    expect((outcome as { canceled?: boolean }).canceled).toBeUndefined();
  });
});

/**
 * A stand-in for the gateway's process port (branch `process`, not on main
 * yet) over the rig's spawnTracked: real socat, ready line, state; no restarts.
 */
function rigProcessPort(pathEnv?: string): ProcessPort {
  const children: ChildHealth[] = [];
  return {
    list: () => children,
    spawn(spec: ChildSpec, events = {}) {
      const h: ChildHealth = { name: spec.name, state: 'starting', pid: null, since: Date.now(), restarts: 0, stalls: 0, lastExit: null, lastError: null, retryAt: null };
      children.push(h);
      const set = (state: ChildState) => Object.assign(h, { state, since: Date.now() });
      let t: Tracked | null = null;
      try {
        t = spawnTracked(spec.command, [...spec.args], {
          env: { ...process.env, ...(pathEnv !== undefined ? { PATH: pathEnv } : {}) },
          onLine: (line, stream) => {
            events.line?.(line, stream);
            if (h.state === 'starting' && spec.ready?.line?.test(line)) {
              set('running');
              events.ready?.(t!.pid);
            }
          },
        });
        h.pid = t.pid;
        rig.defer(`${spec.name} ${t.pid}`, () => stopTracked(t!));
        void t.exited.then(() => h.state !== 'stopped' && set('stopped'));
      } catch {
        set('missing');
        h.lastError = `${spec.command} not found: ${spec.installHint ?? ''}`;
      }
      return {
        name: spec.name,
        health: () => ({ ...h }),
        write: () => false,
        restart: () => undefined,
        stop: async () => {
          set('stopped');
          if (t) await stopTracked(t);
        },
      };
    },
  };
}

describe('demo: the simulated device on a socat pty, through a process port', () => {
  it('plays a chosen gesture through the real driver path, and nothing by itself', async () => {
    const demoDir = rig.tempDir('demo');
    const demoCalls: Call[] = [];
    const demoBridge = new SerialBridge({
      config: serialConfigSchema.parse({}), log, processes: rigProcessPort(), demo: { dir: demoDir },
      actions: { dispatch: (action, source, principal) => void demoCalls.push({ action, source, principal, at: Date.now() }) },
    });
    rig.defer('demo bridge', () => demoBridge.stop());
    await demoBridge.start();
    await waitFor(() => demoBridge.health().devices.find((d) => d.id === 'simulated')?.open, { timeoutMs: 5000, what: 'the simulated device open' });
    expect(demoBridge.demo()!.status()).toMatchObject({ state: 'running', installHint: null });
    await sleep(300);
    expect(demoCalls).toEqual([]); // it sends nothing by itself
    expect(await demoBridge.demo()!.sendGesture('swipe-up')).toEqual({ ok: true, line: 'G swipe-up' });
    await waitFor(() => demoCalls.length === 1, { timeoutMs: 5000, what: 'the demo gesture as an action' });
    expect(demoCalls[0]).toMatchObject({ action: { action: 'home', screen: 'wall' }, source: 'gesture', principal: 'serial:simulated' });
    expect(await demoBridge.demo()!.sendGesture('moonwalk')).toEqual({ ok: false, error: 'unknown gesture "moonwalk"' });
    expect(await demoBridge.demo()!.sendLine('G swipe-up\nG swipe-down')).toEqual({ ok: false, error: 'refused: not printable ASCII' });
    expect(demoBridge.setupPanel().devices[0]).toMatchObject({ id: 'simulated', simulated: true, framesIn: 1 });
    await demoBridge.stop();
  });

  it('says how to install socat when it is missing', async () => {
    const emptyPath = rig.tempDir('no-socat');
    const demoBridge = new SerialBridge({ config: serialConfigSchema.parse({}), log, actions, processes: rigProcessPort(emptyPath), demo: { dir: rig.tempDir('demo2') } });
    await demoBridge.start();
    expect(demoBridge.demo()!.status()).toMatchObject({ state: 'missing', detail: 'socat is not installed: apt-get install socat', installHint: 'apt-get install socat' });
    expect(demoBridge.setupPanel().demo?.installHint).toBe('apt-get install socat');
    expect(demoBridge.health().detail).toContain('simulated device: socat is not installed: apt-get install socat');
    await demoBridge.stop();
  });
});
