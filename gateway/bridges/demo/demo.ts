// Demo mode's city: the simulator, run as its own supervised process against
// the embedded broker (so the gateway's own memory stays small).
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import type { Bridge, BridgeContext, BridgeHealth } from '../types.js';
import { SupervisedChild } from './child.js';

/** dist/scripts/simulator/cli.js, seen from the bundle (dist/gateway/) or from tsc's output (dist/gateway/bridges/demo/). */
export function simulatorEntry(): string {
  const candidates = ['../scripts/simulator/cli.js', '../../../scripts/simulator/cli.js'].map((rel) => fileURLToPath(new URL(rel, import.meta.url)));
  return candidates.find((p) => existsSync(p)) ?? candidates[0]!;
}

export class DemoSimulatorBridge implements Bridge {
  readonly name = 'demo-simulator';
  onFailure?: (err: Error) => void;
  private child: SupervisedChild | null = null;
  private startedAt: number | null = null;
  private readonly log;

  constructor(private readonly ctx: BridgeContext) {
    this.log = ctx.logger.child({ bridge: 'demo-simulator' });
  }

  async start(): Promise<void> {
    const broker = this.ctx.runtime.demoBroker;
    if (!broker) throw new Error('the embedded broker is not running, so the simulator has nowhere to publish');
    const entry = simulatorEntry();
    if (!existsSync(entry)) throw new Error(`simulator not built at ${entry}; run npm run build`);
    this.child = new SupervisedChild({
      command: process.execPath,
      args: [entry, '--url', broker.url, '--rate', String(this.ctx.config.demo.rate), '--root', this.ctx.config.upstream.topicRoot, '--exit-with-parent'],
      // Credentials by environment, never argv (argv is world-readable in ps).
      env: { SCPM_SIM_USERNAME: broker.username, SCPM_SIM_PASSWORD: broker.password },
      log: this.log,
      onUnexpectedExit: (code, signal) => this.onFailure?.(new Error(`simulator exited (code ${code}, signal ${signal})`)),
    });
    this.child.start();
    this.startedAt = Date.now();
  }

  async stop(): Promise<void> {
    await this.child?.stop();
    this.child = null;
    this.startedAt = null;
  }

  health(): BridgeHealth {
    return this.child?.pid ? { state: 'running', pid: this.child.pid, since: this.startedAt } : { state: 'stopped' };
  }
}
