// The one place bridges are registered. Bridges never import each other: what
// one provides to another (the demo broker's address) goes through the host.
// Each bridge's module is imported when the bridge first starts (lazy.ts), so
// the HTTP listener is up before mqtt.js and aedes are even evaluated.
import type { BridgeContext } from './types.js';
import type { Supervisor } from './supervisor.js';
import { lazyBridge } from './lazy.js';

export interface RegisteredBridges {
  /** True while the city link is up (false until the upstream bridge has loaded). */
  upstreamConnected(): boolean;
}

export function registerBridges(ctx: BridgeContext, supervisor: Supervisor): RegisteredBridges {
  const local = lazyBridge('local-broker', async () => (await import('./local-broker/index.js')).createLocalBrokerBridge(ctx));
  supervisor.add(local, () => {
    const addr = local.inner?.address();
    if (ctx.config.demo.active && addr && local.inner) {
      ctx.runtime.demoBroker = { url: `mqtt://127.0.0.1:${addr.port}`, ...local.inner.internalCredentials() };
    }
  });
  if (ctx.config.demo.active && ctx.config.demo.simulator) {
    supervisor.add(lazyBridge('demo-simulator', async () => new (await import('./demo/demo.js')).DemoSimulatorBridge(ctx)));
  }
  const upstream = lazyBridge('upstream', async () => new (await import('./upstream/upstream.js')).UpstreamBridge(ctx));
  supervisor.add(upstream);
  return { upstreamConnected: () => upstream.inner?.connected === true };
}
