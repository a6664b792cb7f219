// Demo mode's city: the simulator of the city's hub, as a child process
// publishing to the embedded broker. Implementation: demo.ts.
import { defineBridge } from '../types.js';
import { demoSection } from './config.js';

export const demoSimulator = defineBridge({
  name: 'demo-simulator',
  configKey: 'demo',
  configSchema: demoSection,
  enabled: ({ section, office }) => office.demo && section.simulator,
  needs: ['demo-broker'],
  load: async () => {
    const { DemoSimulatorBridge } = await import('./demo.js');
    return { create: (ports) => new DemoSimulatorBridge(ports) };
  },
});
