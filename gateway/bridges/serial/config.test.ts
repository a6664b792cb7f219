// The serial section as the office config loader will see it (embedded under
// `serial:`), with the loader's own message format (file: path: message).
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatIssues } from '../../config/errors.js';
import { DEFAULT_GESTURE_ACTIONS, serialConfigSchema } from './config.js';

const office = z.strictObject({ serial: serialConfigSchema });

function problems(serial: unknown): string[] {
  const raw = { serial };
  const r = office.safeParse(raw);
  return r.success ? [] : formatIssues('office.yaml', raw, r.error.issues);
}

describe('serial config', () => {
  it('defaults to no devices and the gesture table of issue #18', () => {
    const c = serialConfigSchema.parse(undefined);
    expect(c.devices).toEqual([]);
    expect(c.gestures.refractoryMs).toBe(400);
    expect(c.gestures.actions['swipe-left']).toEqual({ action: 'next-page' });
    expect(c.gestures.actions.withdraw).toBeNull();
    expect(c.gestures.actions.tap).toBeNull();
    expect(c.gestures.actions['button-push-to-talk']).toEqual({ action: 'listen' });
    expect(Object.keys(c.gestures.actions).sort()).toEqual(Object.keys(DEFAULT_GESTURE_ACTIONS).sort());
    expect(c.pads).toEqual({ tapMaxMs: 300, doubleTapMs: 400, longTouchMs: 800 });
    expect(c.reconnect).toEqual({ minMs: 200, maxMs: 3000 });
  });

  it('takes the example of the issue and fills defaults per protocol', () => {
    const c = serialConfigSchema.parse({
      devices: [
        { id: 'desk-gestures', port: '/dev/serial/by-id/usb-Arduino_LLC_Arduino_Leonardo-if00', protocol: 'scpm-serial/1', baudRate: 115200, screen: 'wall' },
        { id: 'lobby-pad', port: '/dev/ttyUSB0', protocol: 'dfrobot-sen0285', screen: 'lobby' },
      ],
      gestures: { refractoryMs: 400, actions: { 'swipe-left': 'next-page', 'circle-cw': { action: 'next-district' }, 'pad-1': { action: 'open-camera', camera: 'gangnam-east' }, withdraw: 'close', 'double-tap': null } },
    });
    expect(c.devices[1]).toEqual({ id: 'lobby-pad', port: '/dev/ttyUSB0', protocol: 'dfrobot-sen0285', baudRate: 9600, screen: 'lobby' });
    expect(c.devices[0]!.baudRate).toBe(115200);
    expect(c.gestures.actions['pad-1']).toEqual({ action: 'open-camera', camera: 'gangnam-east' });
    expect(c.gestures.actions.withdraw).toEqual({ action: 'close' });
    expect(c.gestures.actions['double-tap']).toBeNull();
    expect(c.gestures.actions['swipe-right']).toEqual({ action: 'previous-page' }); // defaults stay
  });

  it('says what is wrong with each bad entry, one line each', () => {
    const lines = problems({
      devices: [
        { id: 'Bad Id', port: 'ttyUSB0', protocol: 'scpm-serial/2', baudRate: 12, colour: 'red' },
      ],
      gestures: {
        refractoryMs: -1,
        actions: {
          'swipe-left': 'nxt-page',
          'swipe-sideways': 'home',
          'pad-13': 'home',
          'pad-2': 'open-camera',
          'pad-3': { action: 'open-camera' },
          'pad-4': { action: 'keep-awake', minutes: 0 },
          'pad-5': { action: 'nope' },
          'pad-7': { action: 'home', extra: 1 },
        },
      },
      pads: { tapMaxMs: 900, longTouchMs: 800 },
      reconnect: { minMs: 5000, maxMs: 1000 },
    });
    const expected = [
      'office.yaml: serial.devices[0].id: expected a device id of lowercase letters, digits and "-" (1-40 chars), found "Bad Id" (text)',
      'office.yaml: serial.devices[0].port: expected an absolute device path like /dev/serial/by-id/usb-…, found "ttyUSB0" (text)',
      'office.yaml: serial.devices[0].protocol: expected one of "scpm-serial/1", "dfrobot-sen0285", found "scpm-serial/2" (text)',
      'office.yaml: serial.devices[0].baudRate: expected a value ≥ 300, found 12 (number)',
      'office.yaml: serial.devices[0]: unknown key "colour" (check the spelling; see device-configs/schema.json)',
      'office.yaml: serial.gestures.refractoryMs: expected a value ≥ 0, found -1 (number)',
      'office.yaml: serial.gestures.actions.pad-3.camera: expected text, found nothing (the key is missing)',
      'office.yaml: serial.gestures.actions.pad-4.minutes: expected a value ≥ 1, found 0 (number)',
      'office.yaml: serial.gestures.actions.pad-7: unknown key "extra" (check the spelling; see device-configs/schema.json)',
      'office.yaml: serial.pads.longTouchMs: expected a value > pads.tapMaxMs (900), found 800 (number)',
      'office.yaml: serial.reconnect.maxMs: expected a value ≥ reconnect.minMs (5000), found 1000 (number)',
    ];
    for (const line of expected) expect(lines).toContain(line);
    const at = (path: string) => lines.find((l) => l.startsWith(`office.yaml: ${path}: `)) ?? `(no line for ${path})`;
    expect(at('serial.gestures.actions.swipe-left')).toMatch(/expected an action name \(navigate, .*next-page.*\), an object like \{ action: open-camera, camera: gangnam-east \}, or null for nothing, found "nxt-page" \(text\)$/);
    expect(at('serial.gestures.actions.swipe-sideways')).toContain('expected a known key here ("swipe-sideways" is not a gesture (swipe-left,');
    expect(at('serial.gestures.actions.pad-13')).toContain('pad-1 … pad-12 or button-<name>');
    expect(at('serial.gestures.actions.pad-2')).toBe('office.yaml: serial.gestures.actions.pad-2: expected the parameters of "open-camera" too: write it as an object, e.g. { action: open-camera, … }, found "open-camera" (text)');
    expect(at('serial.gestures.actions.pad-5.action')).toMatch(/expected an action name \(navigate, .*\), found "nope" \(text\)$/);
    expect(lines).toHaveLength(expected.length + 5);
  });

  it('wants device ids and ports unique', () => {
    expect(problems({
      devices: [
        { id: 'desk', port: '/dev/ttyACM0', protocol: 'scpm-serial/1' },
        { id: 'desk', port: '/dev/ttyACM0', protocol: 'scpm-serial/1' },
      ],
    })).toEqual([
      'office.yaml: serial.devices[1].id: expected a device id not used by another device (devices[0] has it too), found "desk" (text)',
      'office.yaml: serial.devices[1].port: expected a port not used by another device (devices[0] has it too), found "/dev/ttyACM0" (text)',
    ]);
  });

  it('accepts button keys and rejects malformed ones', () => {
    expect(problems({ gestures: { actions: { 'button-mute': 'mute', 'button-push-to-talk': null } } })).toEqual([]);
    expect(problems({ gestures: { actions: { 'button-Mute': 'mute' } } })).toHaveLength(1);
    expect(problems({ gestures: { actions: { 'pad-0': 'home' } } })).toHaveLength(1);
  });

  it('makes a JSON schema for editors (the loader writes device-configs/schema.json from it)', () => {
    const schema = z.toJSONSchema(serialConfigSchema, { io: 'input', unrepresentable: 'any' }) as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['devices', 'gestures', 'pads', 'maxFramesPerSecond', 'reconnect']));
  });
});
