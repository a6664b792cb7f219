// What the figures were measured on.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem, freemem, platform, release, arch } from 'node:os';

export interface Machine {
  cpu: string;
  cores: number;
  memGiB: number;
  freeMemGiB: number;
  os: string;
  node: string;
  mosquitto: string;
  sqlite: string;
  date: string;
}

function firstLine(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 5000 }).split('\n')[0]!.trim();
  } catch (err) {
    const out = (err as { stdout?: string }).stdout ?? '';
    return out.split('\n')[0]?.trim() || 'unknown';
  }
}

export function describeMachine(): Machine {
  const c = cpus();
  return {
    cpu: c[0]?.model ?? 'unknown',
    cores: c.length,
    memGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    freeMemGiB: Math.round((freemem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()} ${arch()}`,
    node: process.version,
    mosquitto: firstLine('mosquitto', ['-h']),
    sqlite: firstLine('sqlite3', ['--version']).split(' ')[0] ?? 'unknown',
    date: new Date().toISOString(),
  };
}

const USER_HZ = 100;

/** Busy ticks of all cores from /proc/stat's `cpu` line: user, nice, system, irq, softirq and steal (idle and iowait left out). */
export function busyTicks(procStat: string): number {
  const line = procStat.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) return NaN;
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return [user, nice, system, irq, softirq, steal ?? 0].reduce<number>((a, b) => a + (b ?? NaN), 0);
}

/** Core-seconds every process on the machine has used so far (NaN where /proc/stat cannot be read). */
export function busyCoreSeconds(): number {
  try {
    return busyTicks(readFileSync('/proc/stat', 'utf8')) / USER_HZ;
  } catch {
    return NaN;
  }
}
