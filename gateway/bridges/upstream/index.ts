// The city link: mqtt.js with a persistent session into the ingest path, and
// the orders outbox back to the city. Implementation: upstream.ts.
import { defineBridge } from '../types.js';
import { upstreamSection } from './config.js';

export const upstream = defineBridge({
  name: 'upstream',
  configKey: 'upstream',
  configSchema: upstreamSection,
  env: [{ name: 'SCPM_UPSTREAM_URL', path: ['url'], kind: 'string' }],
  resolve: (u, office) => ({ ...u, clientId: u.clientId ?? `scpm-edge-${office.id}` }),
  enabled: () => true,
  warnings: (u) => {
    const out: string[] = [];
    if (u.url?.startsWith('mqtt://') && u.password !== undefined && !/^mqtt:\/\/(127\.|localhost[:/]|\[::1\])/.test(u.url)) {
      out.push('upstream.url: mqtt:// sends the password in clear text over the network; use mqtts:// with upstream.tls');
    }
    return out;
  },
  needs: ['ingest', 'orders', 'link', 'demo-broker'],
  load: async () => {
    const { UpstreamBridge } = await import('./upstream.js');
    return { create: (ports) => new UpstreamBridge(ports) };
  },
});
