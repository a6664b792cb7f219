// Demo mode's city: the simulator, run as a supervised child process against
// the embedded broker (so the gateway's own memory stays small). It dies with
// the gateway, even by SIGKILL (the process supervisor's guard).
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import type { Bridge, BridgeHealth, BridgePorts } from '../types.js';
import type { ChildHandle } from '../../process/types.js';
import type { DemoConfig } from './config.js';

/** dist/scripts/simulator/cli.js, seen from the bundle (dist/gateway/), from tsc's output (dist/gateway/bridges/demo-simulator/) or from the sources (tests). */
export function simulatorEntry(): string {
  const candidates = ['../scripts/simulator/cli.js', '../../../scripts/simulator/cli.js', '../../../dist/scripts/simulator/cli.js'].map((rel) => fileURLToPath(new URL(rel, import.meta.url)));
  return candidates.find((p) => existsSync(p)) ?? candidates[0]!;
}

export class DemoSimulatorBridge implements Bridge {
  private child: ChildHandle | null = null;

  constructor(private readonly ports: BridgePorts<DemoConfig>) {}

  async start(): Promise<void> {
    if (this.child) return;
    const broker = this.ports.need('demo-broker');
    const entry = simulatorEntry();
    if (!existsSync(entry)) throw new Error(`simulator not built at ${entry}; run npm run build`);
    this.child = this.ports.processes.spawn({
      name: 'simulator',
      command: process.execPath,
      args: [entry, '--url', broker.url, '--rate', String(this.ports.config.rate), '--root', this.ports.office.topicRoot, '--exit-with-parent'],
      // Credentials by environment, never argv (argv is world-readable in ps).
      env: { SCPM_SIM_USERNAME: broker.username, SCPM_SIM_PASSWORD: broker.password },
      secrets: [broker.password],
      // --exit-with-parent watches stdin: a second line of defence besides the supervisor's guard.
      stdin: 'pipe',
      ready: { line: /^Simulating/, timeoutMs: 15_000 },
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    await child?.stop();
  }

  health(): BridgeHealth {
    if (!this.child) return { state: 'stopped' };
    const h = this.child.health();
    const state = h.state === 'running' ? 'running' : h.state === 'starting' ? 'starting' : h.state === 'stopped' ? 'stopped' : 'degraded';
    return { state, detail: h.lastError ?? undefined, pid: h.pid, restarts: h.restarts, lastExit: h.lastExit };
  }
}
