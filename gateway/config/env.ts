// Environment overrides, from one table: the core's here, each bridge's in its
// descriptor. The names are a public contract (systemd units and tools use them).
import type { AnyDescriptor, EnvOverride } from '../bridges/types.js';
import { quoted } from './errors.js';

export const CORE_ENV: readonly EnvOverride[] = [
  { name: 'SCPM_HTTP_HOST', path: ['http', 'host'], kind: 'string' },
  { name: 'SCPM_HTTP_PORT', path: ['http', 'port'], kind: 'int' },
  { name: 'SCPM_DATA_DIR', path: ['dataDir'], kind: 'string' },
  { name: 'SCPM_OFFICE_ID', path: ['office', 'id'], kind: 'string' },
  { name: 'SCPM_API_TOKEN', path: ['auth', 'apiToken'], kind: 'secret' },
  { name: 'SCPM_PUBLIC_HOST', path: ['display', 'publicHost'], kind: 'string' },
  { name: 'SCPM_PUBLIC_PORT', path: ['display', 'publicPort'], kind: 'int' },
  { name: 'SCPM_LOG_LEVEL', path: ['logging', 'level'], kind: 'string' },
];

/** Every override: the core's and each bridge's (paths made absolute). */
export function envTable(bridges: readonly AnyDescriptor[]): EnvOverride[] {
  return [...CORE_ENV, ...bridges.flatMap((d) => (d.env ?? []).map((e) => ({ ...e, path: [d.configKey, ...e.path] })))];
}

type Env = Record<string, string | undefined>;

function setPath(obj: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let cur = obj;
  for (const key of path.slice(0, -1)) {
    if (cur[key] === null || typeof cur[key] !== 'object') cur[key] = {};
    cur = cur[key] as Record<string, unknown>;
  }
  cur[path[path.length - 1]!] = value;
}

/** An override that took effect: its variable and the config key it set ("display.publicPort"). */
export interface AppliedOverride { name: string; key: string }

/** Applies the table to the parsed YAML; a malformed value is a problem, named by its variable. Returns what it set. */
export function applyEnvOverrides(raw: Record<string, unknown>, env: Env, table: readonly EnvOverride[], problems: string[]): AppliedOverride[] {
  const applied: AppliedOverride[] = [];
  for (const o of table) {
    const v = env[o.name];
    if (v === undefined || v === '') continue;
    if (o.kind === 'secret') setPath(raw, o.path, { env: o.name });
    else if (o.kind === 'string') setPath(raw, o.path, v);
    else if (/^\d+$/.test(v)) setPath(raw, o.path, Number(v));
    else {
      problems.push(`environment: ${o.name} (${o.path.join('.')}): expected a whole number, found ${quoted(v)}; set it to digits only, or unset it to use the file's value`);
      continue;
    }
    applied.push({ name: o.name, key: o.path.join('.') });
  }
  return applied;
}

/**
 * A problem with a key an override set is the variable's, not the file's: the technician
 * would look in the file for a value that is not there. `file: key: text` becomes
 * `environment: NAME (key): text`.
 */
export function blameOverrides(lines: readonly string[], file: string, applied: readonly AppliedOverride[]): string[] {
  if (applied.length === 0) return [...lines];
  return lines.map((line) => {
    for (const o of applied) {
      const prefix = `${file}: ${o.key}: `;
      if (line.startsWith(prefix)) return `environment: ${o.name} (${o.key}): ${line.slice(prefix.length)}`;
    }
    return line;
  });
}
