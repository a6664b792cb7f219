// A technician's wrong serial.devices[].port, opened by the REAL serialport
// binding: a path with nothing there, and a plain file. The error names the
// config key (with the device's index), what was found and how to fix it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SerialBridge } from './bridge.js';
import { serialConfigSchema } from './config.js';
import { recordingActions, silentLog } from './test-support.js';

const dir = mkdtempSync(join(tmpdir(), 'scpm-serial-errs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a serial port path that is wrong', () => {
  it('names serial.devices[i].port, the path, and the fix', async () => {
    const plain = join(dir, 'plainfile');
    writeFileSync(plain, 'not a tty\n');
    const missing = join(dir, 'ttyNOPE');
    const config = serialConfigSchema.parse({ devices: [
      { id: 'nodev', port: missing, protocol: 'scpm-serial/1' },
      { id: 'plain', port: plain, protocol: 'scpm-serial/1' },
    ] });
    const bridge = new SerialBridge({ config, log: silentLog(), actions: recordingActions() });
    await bridge.start();
    try {
      const errors = () => bridge.health().devices.map((d) => d.lastError);
      for (let i = 0; i < 400 && errors().some((e) => e === null); i++) await new Promise((r) => setTimeout(r, 5));
      const [nodev, file] = errors();
      expect(nodev).toMatch(/^not found \(unplugged\? else correct serial\.devices\[0\]\.port: ls -l \/dev\/serial\/by-id\/ lists the plugged devices\): /);
      expect(nodev).toContain(missing);
      expect(file).toMatch(/^not a serial port \(serial\.devices\[1\]\.port must be the device's tty, such as \/dev\/serial\/by-id\/usb-…\): /);
    } finally {
      await bridge.stop();
    }
  });
});
