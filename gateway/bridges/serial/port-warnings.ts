// check-config and the start log look at each configured serial port once: a
// path that is not there now, or is not a tty, is a warning (the gateway
// starts anyway and retries an unplugged device), so a typo shows before the
// technician leaves, not as a device that never answers.
import { statSync } from 'node:fs';
import { errnoCode } from '../../util/errno.js';
import type { SerialConfig } from './config.js';

export function portWarnings(section: Pick<SerialConfig, 'devices'>, stat: (path: string) => { isCharacterDevice(): boolean } = statSync): string[] {
  return section.devices.flatMap((d, i) => {
    const key = `serial.devices[${i}].port`;
    try {
      if (stat(d.port).isCharacterDevice()) return [];
      return [`${key}: ${d.port} is not a serial port (not a character device); it must be the device's tty, such as /dev/serial/by-id/usb-…`];
    } catch (err) {
      const code = errnoCode(err);
      if (code === 'ENOENT') return [`${key}: ${d.port} does not exist now (unplugged, or a typo? ls -l /dev/serial/by-id/ lists the plugged devices); the gateway retries it while it runs`];
      return [`${key}: ${d.port} cannot be looked at (${code === 'error' ? (err as Error).message : code}); check the path and the gateway user's rights (the dialout group)`];
    }
  });
}
