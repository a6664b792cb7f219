// One Rig per test file: everything it starts is stopped in afterAll, in
// reverse order, even when a test failed half-way. Process output is kept in
// $TMPDIR/scpm-test-logs/<name>/ for a post-mortem.
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IClientOptions } from 'mqtt';
import { startMosquitto, type Mosquitto, type MosquittoOptions } from '../../scripts/rig/mosquitto.js';
import { startGateway, type Gateway, type GatewayOptions } from '../../scripts/rig/gateway.js';
import { removeDir, tempDir } from '../../scripts/rig/tmp.js';
import { withTimeout } from '../../scripts/rig/wait.js';
import { endClient, mqttClient, type MqttClient, type OnMessage } from './mqtt.js';
import { startMqttTap, type MqttTap } from './mqtt-tap.js';

export const LOG_ROOT = join(tmpdir(), 'scpm-test-logs');

export class Rig {
  private readonly disposers: { what: string; fn: () => Promise<unknown> }[] = [];
  private readonly logSources: { name: string; lines: () => string[] }[] = [];
  private counter = 0;

  constructor(readonly name: string) {
    removeDir(join(LOG_ROOT, name));
  }

  async mosquitto(o: MosquittoOptions = {}): Promise<Mosquitto> {
    const m = await startMosquitto(o);
    const n = ++this.counter;
    this.logSources.push({ name: `mosquitto-${n}-${m.port}`, lines: m.logs });
    this.disposers.push({ what: `mosquitto :${m.port}`, fn: () => m.dispose() });
    return m;
  }

  async gateway(o: GatewayOptions = {}): Promise<Gateway> {
    const g = await startGateway(o);
    const n = ++this.counter;
    this.logSources.push({ name: `gateway-${n}-${g.port}`, lines: () => [...g.logs(), '--- stderr ---', ...g.stderr()] });
    this.disposers.push({ what: `gateway :${g.port}`, fn: () => g.dispose() });
    return g;
  }

  async client(url: string, opts: IClientOptions = {}, onMessage?: OnMessage): Promise<MqttClient> {
    const c = await mqttClient(url, opts, onMessage);
    this.disposers.push({ what: `mqtt client ${c.options.clientId}`, fn: () => endClient(c) });
    return c;
  }

  /** A recording TCP tap in front of a broker (mqtt-tap.ts); closed at cleanup. */
  async tap(brokerPort: number, o: { port?: number } = {}): Promise<MqttTap> {
    const t = await startMqttTap(brokerPort, o);
    this.disposers.push({ what: `mqtt tap :${t.port}`, fn: () => t.close() });
    return t;
  }

  tempDir(prefix: string): string {
    const dir = tempDir(`${this.name}-${prefix}`);
    this.disposers.push({ what: `dir ${dir}`, fn: async () => removeDir(dir) });
    return dir;
  }

  /** Runs `fn` at cleanup (before what was registered earlier). */
  defer(what: string, fn: () => Promise<unknown> | void): void {
    this.disposers.push({ what, fn: async () => fn() });
  }

  async cleanup(): Promise<void> {
    const errors: string[] = [];
    for (const d of this.disposers.reverse()) {
      try {
        await withTimeout(d.fn(), 12_000, `cleanup of ${d.what}`);
      } catch (err) {
        errors.push(`${d.what}: ${(err as Error).message}`);
      }
    }
    this.disposers.length = 0;
    this.saveLogs();
    if (errors.length) throw new Error(`rig cleanup problems:\n${errors.join('\n')}`);
  }

  private saveLogs(): void {
    try {
      const dir = join(LOG_ROOT, this.name);
      mkdirSync(dir, { recursive: true });
      for (const s of this.logSources) writeFileSync(join(dir, `${s.name}.log`), s.lines().join('\n') + '\n');
    } catch {
      // logs are a courtesy
    }
  }
}
