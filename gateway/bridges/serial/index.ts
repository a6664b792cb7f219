// Gestures, touch pads and buttons from serial devices (DFRobot SEN0285, our
// scpm-serial/1 line protocol) into the actions door; in demo mode a
// simulated device on a socat pty. Implementation: host-bridge.ts.
import { defineBridge } from '../types.js';
import { serialConfigSchema } from './config.js';
import { portWarnings } from './port-warnings.js';

export const serial = defineBridge({
  name: 'serial',
  configKey: 'serial',
  configSchema: serialConfigSchema,
  enabled: ({ section, office }) => section.devices.length > 0 || office.demo,
  warnings: (section) => portWarnings(section),
  load: async () => ({ create: (await import('./host-bridge.js')).createSerialHostBridge }),
});
