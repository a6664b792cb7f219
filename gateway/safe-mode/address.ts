// Where safe mode listens: the configured http.host / http.port when those
// two are readable from the broken file (after the environment overrides),
// else the defaults. A config so broken that even these are wrong still gets
// its problem page on 127.0.0.1:8080.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { port as portSchema } from '../config/core.js';
import { CORE_ENV, applyEnvOverrides } from '../config/env.js';

export const SAFE_MODE_DEFAULTS = { host: '127.0.0.1', port: 8080 } as const;

export function safeModeAddress(file: string, env: Record<string, string | undefined> = process.env): { host: string; port: number } {
  let raw: Record<string, unknown> = {};
  try {
    const parsed: unknown = parse(readFileSync(file, 'utf8'));
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) raw = parsed as Record<string, unknown>;
  } catch {
    // unreadable or not YAML: the environment and the defaults decide
  }
  applyEnvOverrides(raw, env, CORE_ENV, []);
  const http = (raw.http !== null && typeof raw.http === 'object' ? raw.http : {}) as Record<string, unknown>;
  const port = portSchema.safeParse(http.port);
  return {
    host: typeof http.host === 'string' && /^[A-Za-z0-9.:[\]-]{1,253}$/.test(http.host) ? http.host : SAFE_MODE_DEFAULTS.host,
    port: port.success && port.data > 0 ? port.data : SAFE_MODE_DEFAULTS.port,
  };
}
