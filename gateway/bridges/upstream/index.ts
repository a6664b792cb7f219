// The city link: mqtt.js with a persistent session into the ingest path, and
// the orders outbox back to the city. Implementation: upstream.ts.
import { defineBridge } from '../types.js';
import { upstreamSection } from './config.js';
import { parseBrokerUrl } from './broker-url.js';
import { tlsFileProblem } from './mqtt-options.js';

export const upstream = defineBridge({
  name: 'upstream',
  configKey: 'upstream',
  configSchema: upstreamSection,
  env: [{ name: 'SCPM_UPSTREAM_URL', path: ['url'], kind: 'string' }],
  resolve: (u, office) => ({ ...u, clientId: u.clientId ?? `scpm-edge-${office.id}` }),
  enabled: () => true,
  warnings: (u) => {
    const out: string[] = [];
    const parsed = u.url === null ? null : parseBrokerUrl(u.url);
    const address = parsed?.ok ? parsed.address : null;
    const local = address !== null && /^(127\.|localhost$|::1$)/.test(address.host);
    if (address?.protocol === 'mqtt' && (u.password !== undefined || address.password !== undefined) && !local) {
      out.push('upstream.url: mqtt:// sends the password in clear text over the network; use mqtts:// with upstream.tls');
    }
    if (u.tls && address) {
      if (address.protocol === 'mqtt') out.push('upstream.tls: set, but upstream.url is mqtt://, so the files are not used; use mqtts://');
      else {
        for (const key of ['ca', 'cert', 'key'] as const) {
          const path = u.tls[key];
          const problem = path === undefined ? null : tlsFileProblem(path);
          if (problem) out.push(`upstream.tls.${key}: cannot read ${path} (${problem}); the city link fails until it can`);
        }
      }
    }
    return out;
  },
  needs: ['ingest', 'orders', 'link', 'demo-broker'],
  load: async () => {
    const { UpstreamBridge } = await import('./upstream.js');
    return { create: (ports) => new UpstreamBridge(ports) };
  },
});
