// The serial bridge: one SerialDevice per configured device (plus the demo's
// simulated one), all through the same driver path into the actions service.
// Everything comes in through SerialBridgePorts; the host's descriptor adapts.
import type { ActionInput } from '../../actions/vocabulary.js';
import { cueFor, type Cue } from './cues.js';
import type { SerialDeviceConfig } from './config.js';
import { DemoDevice, type DemoStatus } from './demo-device.js';
import { SerialDevice, type DeviceHealth } from './device.js';
import { REJECT_REASONS } from './events.js';
import { GESTURE_SLUGS, type GestureSlug } from './gestures.js';
import { DeviceInput } from './input.js';
import { mapInput } from './mapping.js';
import { systemClock, type Clock, type SerialBridgePorts } from './ports.js';
import { PROTOCOLS } from './protocols/index.js';
import { setupPanelModel, type DeviceSnapshot, type SetupPanelModel } from './setup-panel.js';

export const SIMULATED_DEVICE_ID = 'simulated';

export type SerialBridgeState = 'stopped' | 'running' | 'degraded';

export interface SerialBridgeHealth {
  state: SerialBridgeState;
  detail: string;
  devices: DeviceHealth[];
  demo: DemoStatus | null;
  [key: string]: unknown;
}

export interface MetricSample {
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  labels: Record<string, string>;
  value: number;
}

export interface HelpEntry {
  gesture: GestureSlug;
  action: ActionInput;
  cue: Cue;
}

interface Entry {
  device: SerialDevice;
  config: SerialDeviceConfig;
  simulated: boolean;
}

export class SerialBridge {
  private entries: Entry[] = [];
  private demoDevice: DemoDevice | null = null;
  private running = false;
  private readonly clock: Clock;

  constructor(private readonly ports: SerialBridgePorts) {
    this.clock = ports.clock ?? systemClock;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const { config } = this.ports;
    this.entries = config.devices.map((c) => ({ config: c, device: this.makeDevice(c), simulated: false }));
    for (const e of this.entries) e.device.start();
    if (this.ports.demo) {
      const taken = new Set(config.devices.map((d) => d.id));
      let id = SIMULATED_DEVICE_ID;
      for (let n = 2; taken.has(id); n++) id = `${SIMULATED_DEVICE_ID}-${n}`;
      let entry: Entry | null = null;
      // The port exists once socat is up; opening before that would only fail and back off.
      const demo = new DemoDevice({ processes: this.ports.processes, dir: this.ports.demo.dir, log: this.ports.log, onReady: () => {
        if (this.running && entry && this.entries.includes(entry)) entry.device.start();
      } });
      const c: SerialDeviceConfig = { id, port: demo.gatewayEnd, protocol: 'scpm-serial/1', baudRate: 115200, screen: 'wall' };
      entry = { config: c, device: this.makeDevice(c), simulated: true };
      this.entries.push(entry);
      this.demoDevice = demo;
      demo.start();
    }
    this.ports.log.info({ devices: this.entries.map((e) => e.config.id) }, 'serial: bridge started');
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    const entries = this.entries;
    const demo = this.demoDevice;
    this.demoDevice = null;
    await Promise.all(entries.map((e) => e.device.stop()));
    if (demo) await demo.stop();
  }

  health(): SerialBridgeHealth {
    const demo = this.demoDevice?.status() ?? null;
    if (!this.running) return { state: 'stopped', detail: 'stopped', devices: [], demo };
    const configured = this.entries.filter((e) => !e.simulated).map((e) => e.device.health());
    const devices = this.entries.map((e) => e.device.health());
    const closed = configured.filter((d) => !d.open);
    const state: SerialBridgeState = closed.length === 0 ? 'running' : 'degraded';
    const simulated = this.entries.filter((e) => e.simulated).map((e) => e.device.health());
    const none = simulated.length ? `no serial devices configured; the demo's simulated device is ${simulated.every((d) => d.open) ? 'open' : 'not open'}` : 'no serial devices configured';
    const head = configured.length === 0 ? none : `${configured.length - closed.length} of ${configured.length} devices open`;
    const detail = [head, ...closed.map((d) => `${d.id}: ${d.status}`), ...(demo && demo.state !== 'running' ? [`simulated device: ${demo.detail}`] : [])].join('; ');
    return { state, detail, devices, demo };
  }

  /** Per device: its health and input counters (the data a setup panel shows). */
  devices(): DeviceSnapshot[] {
    return this.entries.map((e) => ({ health: e.device.health(), input: e.device.input.snapshot(), simulated: e.simulated }));
  }

  setupPanel(): SetupPanelModel {
    return setupPanelModel(this.devices(), this.demoDevice?.status() ?? null, this.clock.now());
  }

  /** The demo's simulated device (null outside demo mode): `sendGesture(slug)`, `status()`. */
  demo(): DemoDevice | null {
    return this.demoDevice;
  }

  /** Gestures the open devices driving `screen` can make, with what they do there: the help overlay. */
  helpGestures(screen = 'wall'): HelpEntry[] {
    const can = new Set<GestureSlug>();
    for (const e of this.entries) {
      if (e.config.screen !== screen || !e.device.health().open) continue;
      for (const g of e.config.gestures ?? PROTOCOLS[e.config.protocol].gestures) can.add(g);
    }
    const out: HelpEntry[] = [];
    for (const gesture of GESTURE_SLUGS) {
      if (!can.has(gesture)) continue;
      const action = mapInput(gesture, this.ports.config.gestures.actions, screen);
      const cue = cueFor(gesture, action);
      if (action && cue) out.push({ gesture, action, cue });
    }
    return out;
  }

  /** Per-device counters (e.g. scpm_serial_frames_rejected_total{device,reason}); /metrics shows their sum, scpm_serial_frames_rejected (host-bridge.ts). */
  metrics(): MetricSample[] {
    const out: MetricSample[] = [];
    for (const e of this.entries) {
      const h = e.device.health();
      const s = e.device.input.snapshot();
      const device = e.config.id;
      const counter = (name: string, help: string, value: number, labels: Record<string, string> = {}) =>
        out.push({ name, help, type: 'counter', labels: { device, ...labels }, value });
      counter('scpm_serial_frames_total', 'Serial frames decoded, by device.', s.framesIn);
      for (const reason of REJECT_REASONS) {
        const n = s.rejected[reason];
        if (n) counter('scpm_serial_frames_rejected_total', 'Serial frames rejected or dropped, by device and reason.', n, { reason });
      }
      counter('scpm_serial_actions_total', 'Actions dispatched from serial gestures, pads and buttons.', s.actions);
      counter('scpm_serial_suppressed_total', 'Gestures within the refractory window of the same gesture (no action).', s.suppressed);
      counter('scpm_serial_dispatch_failures_total', 'Actions the actions service refused or failed.', s.dispatchFailures);
      counter('scpm_serial_opens_total', 'Serial port opens (first and after a replug).', h.opens);
      counter('scpm_serial_unplugs_total', 'Serial devices unplugged while open.', h.unplugs);
      out.push({ name: 'scpm_serial_device_open', help: '1 when the serial port is open.', type: 'gauge', labels: { device }, value: h.open ? 1 : 0 });
    }
    return out;
  }

  private makeDevice(c: SerialDeviceConfig): SerialDevice {
    const { config, log, actions } = this.ports;
    const devLog = log.child({ device: c.id });
    const input = new DeviceInput({
      device: c, driver: PROTOCOLS[c.protocol], config, clock: this.clock, actions, log: devLog,
      onRecognised: this.ports.onRecognised, onEvent: this.ports.onEvent,
    });
    const at = config.devices.indexOf(c); // -1: the demo's simulated device, not in the file
    return new SerialDevice({ config: c, configKey: at < 0 ? undefined : `serial.devices[${at}].port`, input, reconnect: config.reconnect, clock: this.clock, log: devLog, openPort: this.ports.openPort, random: this.ports.random, onState: (state) => this.ports.onDeviceState?.(c.id, state) });
  }
}
