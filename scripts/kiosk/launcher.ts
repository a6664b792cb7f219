// scpm-kiosk: the kiosk's launcher, run by systemd/scpm-kiosk.service.
//   prepare [--config FILE] [--out FILE]  as root (ExecStartPre=+): reads the office
//       config (which the kiosk user may not read: it can hold secrets) and writes
//       only the kiosk's settings, for `run`. Never fails: defaults on any problem.
//   run [--settings FILE]                 as the kiosk user: cage + Chromium, restarted
//       on exit and by the heartbeat watchdog.
//   print [--config FILE] [--x11]         the command lines, for people and docs.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSettingsFile, readKioskSettings, type KioskSettings } from './config.js';
import { DEFAULT_PATHS, cageCommand, chromiumPreferences, chromiumX11Command, type KioskPaths } from './command.js';
import { KioskSupervisor, type LogFn } from './supervisor.js';

const DEFAULT_CONFIG = '/etc/scpm-edge/office.yaml';

/** kiosk/start.html, found from dist/scripts/kiosk/ in a checkout and in the package alike. */
export const START_PAGE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'kiosk', 'start.html');

const log: LogFn = (level, msg, fields = {}) => {
  console.log(JSON.stringify({ level, time: new Date().toISOString(), svc: 'scpm-kiosk', msg, ...fields }));
};

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function settingsPath(args: string[], env: NodeJS.ProcessEnv): string {
  return option(args, '--settings') ?? option(args, '--out') ?? join(env.RUNTIME_DIRECTORY ?? '/run/scpm-kiosk', 'settings.json');
}

function configFile(args: string[], env: NodeJS.ProcessEnv): string {
  return option(args, '--config') ?? (env.SCPM_CONFIG || DEFAULT_CONFIG);
}

export function kioskPaths(env: NodeJS.ProcessEnv): KioskPaths {
  const profileDir = env.SCPM_KIOSK_PROFILE_DIR
    ?? (env.CACHE_DIRECTORY ? join(env.CACHE_DIRECTORY, 'profile') : join(env.XDG_RUNTIME_DIR ?? '/tmp', 'scpm-kiosk-profile'));
  return { ...DEFAULT_PATHS, profileDir, startPage: env.SCPM_KIOSK_START_PAGE ?? START_PAGE };
}

function prepare(args: string[], env: NodeJS.ProcessEnv): number {
  const file = configFile(args, env);
  const settings = readKioskSettings(readText(file), file);
  for (const problem of settings.problems) log('warn', problem);
  const out = settingsPath(args, env);
  try {
    writeFileSync(`${out}.tmp`, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o644 });
    renameSync(`${out}.tmp`, out);
  } catch (err) {
    // `run` falls back to the defaults: still a kiosk, not a black screen.
    log('error', 'cannot write the kiosk settings', { out, err: (err as Error).message });
    return 0;
  }
  log('info', 'kiosk settings written', { out, wallUrl: settings.wallUrl, language: settings.language, scaleFactor: settings.scaleFactor, rotate: settings.rotate });
  return 0;
}

function print(args: string[], env: NodeJS.ProcessEnv): number {
  const settings: KioskSettings = readKioskSettings(readText(configFile(args, env)), configFile(args, env));
  const paths = kioskPaths(env);
  const cmd = args.includes('--x11') ? chromiumX11Command(settings, paths) : cageCommand(settings, paths);
  const quote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  console.log([cmd.command, ...cmd.args].map(quote).join(' \\\n  '));
  if (args.includes('--preferences')) console.log(JSON.stringify(chromiumPreferences(settings), null, 2));
  for (const p of settings.problems) console.error(p);
  return 0;
}

async function run(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const { settings, problem } = parseSettingsFile(readText(settingsPath(args, env)));
  if (problem) log('warn', problem);
  const supervisor = new KioskSupervisor({ settings, paths: kioskPaths(env), env, log });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log('info', 'stopping the kiosk', { signal });
    await supervisor.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  await supervisor.start();
}

const USAGE = `usage: scpm-kiosk prepare [--config FILE] [--out FILE]
       scpm-kiosk run [--settings FILE]
       scpm-kiosk print [--config FILE] [--x11] [--preferences]
The kiosk of SCPM Edge: cage and Chromium on the wall, restarted when they exit
or when the wall stops sending heartbeats (docs/kiosk.md).`;

const [cmd, ...rest] = process.argv.slice(2);
if (cmd === 'prepare') process.exitCode = prepare(rest, process.env);
else if (cmd === 'print') process.exitCode = print(rest, process.env);
else if (cmd === 'run') await run(rest, process.env);
else {
  console.error(USAGE);
  process.exitCode = cmd === '--help' || cmd === '-h' ? 0 : 2;
}
