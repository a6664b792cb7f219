import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configWarnings, parseConfig } from '../../config/load.js';
import { portWarnings } from './port-warnings.js';

const dir = mkdtempSync(join(tmpdir(), 'scpm-port-warn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const device = (port: string) => ({ port });

describe('serial port warnings (check-config, the start log)', () => {
  it('a tty is fine; a missing path and a plain file are named by their key, with what to do', () => {
    const file = join(dir, 'not-a-tty');
    writeFileSync(file, '');
    expect(portWarnings({ devices: [device('/dev/null'), device('/dev/serial/by-id/usb-typo'), device(file)] } as never)).toEqual([
      'serial.devices[1].port: /dev/serial/by-id/usb-typo does not exist now (unplugged, or a typo? ls -l /dev/serial/by-id/ lists the plugged devices); the gateway retries it while it runs',
      `serial.devices[2].port: ${file} is not a serial port (not a character device); it must be the device's tty, such as /dev/serial/by-id/usb-…`,
    ]);
  });

  it('reach check-config through the config\'s warnings, as warnings: the config still loads', () => {
    const c = parseConfig('office: { id: a }\nserial:\n  devices:\n    - { id: pad, port: /dev/ttyNOPE9, protocol: scpm-serial/1 }\n', '/etc/scpm-edge/office.yaml', {});
    expect(configWarnings(c)).toContain('/etc/scpm-edge/office.yaml: warning: serial.devices[0].port: /dev/ttyNOPE9 does not exist now (unplugged, or a typo? ls -l /dev/serial/by-id/ lists the plugged devices); the gateway retries it while it runs');
  });
});
