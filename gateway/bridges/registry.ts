// The one place bridges are registered. Bridges never import each other: what
// one provides to another (the demo broker's address) goes through the host.
import type { BridgeContext } from './types.js';
import type { Supervisor } from './supervisor.js';
import { createLocalBrokerBridge } from './local-broker/index.js';
import { DemoSimulatorBridge } from './demo/demo.js';
import { UpstreamBridge } from './upstream/upstream.js';

export interface RegisteredBridges { upstream: UpstreamBridge }

export function registerBridges(ctx: BridgeContext, supervisor: Supervisor): RegisteredBridges {
  const local = createLocalBrokerBridge(ctx);
  supervisor.add(local, () => {
    const addr = local.address();
    if (ctx.config.demo.active && addr) {
      ctx.runtime.demoBroker = { url: `mqtt://127.0.0.1:${addr.port}`, ...local.internalCredentials() };
    }
  });
  if (ctx.config.demo.active && ctx.config.demo.simulator) supervisor.add(new DemoSimulatorBridge(ctx));
  const upstream = new UpstreamBridge(ctx);
  supervisor.add(upstream);
  return { upstream };
}
