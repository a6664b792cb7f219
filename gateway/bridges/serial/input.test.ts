import { describe, expect, it } from 'vitest';
import { serialConfigSchema, type SerialConfigInput } from './config.js';
import { DeviceInput, RECENT_FRAMES, type Recognition } from './input.js';
import { dfrobotFrame } from './protocols/dfrobot-sen0285.js';
import { PROTOCOLS, type ProtocolName } from './protocols/index.js';
import type { SerialActionsPort } from './ports.js';
import { FakeClock, recordingActions, silentLog } from './test-support.js';

function setup(protocol: ProtocolName = 'scpm-serial/1', extra: Partial<SerialConfigInput> = {}, actions?: SerialActionsPort) {
  const clock = new FakeClock();
  const config = serialConfigSchema.parse({ devices: [{ id: 'desk', port: '/dev/ttyACM0', protocol, screen: 'wall' }], ...extra });
  const recorder = recordingActions(() => clock.now());
  const recognised: Recognition[] = [];
  const input = new DeviceInput({
    device: config.devices[0]!, driver: PROTOCOLS[protocol], config, clock, actions: actions ?? recorder, log: silentLog(),
    onRecognised: (r) => recognised.push(r),
  });
  const send = (s: string | Buffer) => input.feed(typeof s === 'string' ? Buffer.from(s, 'latin1') : s);
  return { clock, input, calls: recorder.calls, recognised, send };
}

describe('device input path', () => {
  it('turns a gesture line into its action with source gesture, and a cue', () => {
    const { calls, recognised, send, input } = setup();
    send('G swipe-left 0.9\n');
    expect(calls).toEqual([{ action: { action: 'next-page', screen: 'wall' }, source: 'gesture', principal: 'serial:desk', at: expect.any(Number) }]);
    expect(recognised[0]).toMatchObject({ device: 'desk', key: 'swipe-left', cue: { en: '← next page', ko: '← 다음 페이지' } });
    const s = input.snapshot();
    expect(s.framesIn).toBe(1);
    expect(s.lastGesture).toMatchObject({ key: 'swipe-left', action: { action: 'next-page' } });
    expect(s.recent).toEqual([{ at: expect.any(Number), hex: '47 20 73 77 69 70 65 2d 6c 65 66 74 20 30 2e 39 0a', decoded: 'gesture swipe-left (0.9)', ok: true }]);
  });

  it('records a gesture mapped to nothing without dispatching', () => {
    const { calls, send, input } = setup();
    send('G withdraw\n');
    expect(calls).toEqual([]);
    expect(input.snapshot().lastGesture).toMatchObject({ key: 'withdraw', action: null, cue: null });
  });

  it('a chattering device (100 gestures a second) gives one action per refractory window; frames over the cap are dropped and counted', () => {
    const { clock, calls, send, input } = setup();
    for (let i = 0; i < 200; i++) {
      send('G circle-cw\n');
      clock.advance(10);
    }
    const times = calls.map((c) => c.at - calls[0]!.at);
    expect(calls.length).toBe(5); // 2 s / 400 ms
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(400);
    const s = input.snapshot();
    expect(s.rejected['rate-limit']).toBeGreaterThan(0);
    expect(s.framesIn + s.rejected['rate-limit']!).toBe(200);
    expect(s.suppressed).toBe(s.framesIn - calls.length);
    expect(s.recent).toHaveLength(RECENT_FRAMES);
  });

  it('pads: pad-<n> on touch, double-tap from timing, long-touch while held', () => {
    const { clock, calls, send } = setup('scpm-serial/1', { gestures: { actions: { 'pad-2': 'next-camera' } } });
    send('T 2 down\n');
    clock.advance(100);
    send('T 2 up\n'); // tap → nothing
    clock.advance(200);
    send('T 2 down\n'); // pad-2 again, but within the refractory window of the first
    clock.advance(100);
    send('T 2 up\n'); // double-tap → home
    expect(calls.map((c) => c.action.action)).toEqual(['next-camera', 'home']);
    clock.advance(1000);
    send('T 4 down\n');
    clock.advance(799);
    expect(calls).toHaveLength(2);
    clock.advance(1); // long-touch → listen, before any release
    expect(calls.map((c) => c.action.action)).toEqual(['next-camera', 'home', 'listen']);
    send('T 4 up\n');
    expect(calls).toHaveLength(3);
  });

  it('SEN0285: gestures and touch pads through the same table', () => {
    const { clock, calls, send, input } = setup('dfrobot-sen0285', { gestures: { actions: { 'pad-1': 'wake' } } });
    send(dfrobotFrame(0x02)); // left → swipe-left → next-page
    send(dfrobotFrame(0x06)); // pull-down → push → open-first
    send(dfrobotFrame(0x21)); // touch 1 → pad-1 → wake; tap → nothing
    clock.advance(450);
    send(dfrobotFrame(0x21)); // pad-1 again after the window; second tap within 400 ms? no (450) → tap
    clock.advance(100);
    send(dfrobotFrame(0x21)); // within 400 ms of the last tap → double-tap → home (pad-1 refractory)
    expect(calls.map((c) => c.action.action)).toEqual(['next-page', 'open-first', 'wake', 'wake', 'home']);
    send(Buffer.from([0x00, 0xaa, 0x02, 0xfe, 0x55]));
    expect(input.snapshot().rejected).toEqual({ garbage: 1, checksum: 1 });
  });

  it('buttons: push-to-talk → listen on press', () => {
    const { calls, send } = setup();
    send('B push-to-talk down\nB push-to-talk up\n');
    expect(calls.map((c) => c.action.action)).toEqual(['listen']);
  });

  it('counts rejections by reason and shows them in the frame ring', () => {
    const { send, input } = setup();
    send('G swipe-sideways\nhello\n' + 'x'.repeat(300) + '\n');
    const s = input.snapshot();
    expect(s.rejected).toEqual({ 'unknown-gesture': 1, 'unknown-command': 1, 'line-too-long': 1 });
    expect(s.rejectedTotal).toBe(3);
    expect(s.recent.map((f) => f.decoded)).toEqual([
      'rejected: unknown-gesture ("swipe-sideways")',
      'rejected: unknown-command ("hello")',
      'rejected: line-too-long (more than 128 bytes without a newline)',
    ]);
    expect(s.recent[2]!.hex.endsWith('…')).toBe(true);
  });

  it('keeps hello and presence', () => {
    const { send, input, calls } = setup();
    send('HELLO scpm-serial/1 desk-paj7620\nP 1\n');
    expect(input.snapshot()).toMatchObject({ helloName: 'desk-paj7620', present: true });
    expect(calls).toEqual([]);
  });

  it('never throws when the actions service throws or rejects; counts it', async () => {
    let n = 0;
    const throwing: SerialActionsPort = {
      dispatch() {
        n++;
        if (n === 1) throw new Error('refused');
        return Promise.reject(new Error('later'));
      },
    };
    const { send, input, clock } = setup('scpm-serial/1', {}, throwing);
    expect(() => send('G swipe-left\n')).not.toThrow();
    clock.advance(500);
    expect(() => send('G swipe-left\n')).not.toThrow();
    await new Promise((r) => setImmediate(r));
    expect(input.snapshot().dispatchFailures).toBe(2);
  });

  it('reset forgets a touch in progress and its long-touch timer', () => {
    const { clock, send, input, calls } = setup();
    send('T 1 down\n');
    expect(clock.pending()).toBe(1);
    input.reset();
    expect(clock.pending()).toBe(0);
    clock.advance(2000);
    send('T 1 up\n');
    expect(calls).toEqual([]);
  });
});
