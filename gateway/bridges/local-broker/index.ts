// The office's local MQTT broker (aedes): office devices, and in demo mode the
// city the simulator publishes to. Implementation: local-broker.ts.
import { defineBridge } from '../types.js';
import { localBrokerSection } from './config.js';
import './services.js';

export const localBroker = defineBridge({
  name: 'local-broker',
  configKey: 'localBroker',
  configSchema: localBrokerSection,
  env: [{ name: 'SCPM_LOCAL_BROKER_PORT', path: ['port'], kind: 'int' }],
  enabled: ({ section, office }) => section.port > 0 || office.demo,
  warnings: (s, office) => (s.port === 0 && !office.demo && s.devices.length > 0
    ? [`localBroker.port: is 0, so the ${s.devices.length} configured device${s.devices.length === 1 ? '' : 's'} cannot connect (set a port, e.g. 1883)`]
    : []),
  provides: ['demo-broker'],
  needs: ['broker-retained'],
  load: async () => ({ create: (await import('./local-broker.js')).createLocalBrokerBridge }),
});
