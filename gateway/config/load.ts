// Loads an office config: YAML → env overrides → schema → secrets resolved.
// Every problem is collected and reported at once (never the first only).
import { readFileSync } from 'node:fs';
import { resolve, dirname, isAbsolute } from 'node:path';
import { parseDocument } from 'yaml';
import { configSchema, type RawConfig, type SecretRef } from './schema.js';
import { formatIssues } from './errors.js';

export type Config = Omit<RawConfig, 'upstream' | 'localBroker' | 'auth'> & {
  upstream: Omit<RawConfig['upstream'], 'password'> & { password?: string; clientId: string };
  localBroker: Omit<RawConfig['localBroker'], 'devices'> & { devices: { id: string; username: string; password: string }[] };
  auth: Omit<RawConfig['auth'], 'apiToken' | 'deviceTokens'> & { apiToken?: string; deviceTokens: { id: string; token: string }[] };
  /** The file the config came from, for messages. */
  source: string;
  /** True when no upstream URL is set: embedded broker + simulator. */
  demo: RawConfig['demo'] & { active: boolean };
};

export class ConfigError extends Error {
  constructor(readonly lines: string[]) {
    super(`configuration is invalid (${lines.length} problem${lines.length === 1 ? '' : 's'}):\n  ${lines.join('\n  ')}`);
  }
}

export const DEFAULT_CONFIG = 'device-configs/demo.yaml';

type Env = Record<string, string | undefined>;

function setPath(obj: Record<string, unknown>, path: string[], value: unknown): void {
  let cur = obj;
  for (const key of path.slice(0, -1)) {
    if (cur[key] === null || typeof cur[key] !== 'object') cur[key] = {};
    cur = cur[key] as Record<string, unknown>;
  }
  cur[path[path.length - 1]!] = value;
}

function intEnv(name: string, value: string, problems: string[]): number | undefined {
  if (!/^\d+$/.test(value)) {
    problems.push(`environment: ${name}: expected a whole number, found "${value}"`);
    return undefined;
  }
  return Number(value);
}

/** Environment overrides (names are a public contract: systemd units and other tools rely on them). */
export function applyEnvOverrides(raw: Record<string, unknown>, env: Env, problems: string[]): void {
  const str = (name: string, path: string[]) => {
    const v = env[name];
    if (v !== undefined && v !== '') setPath(raw, path, v);
  };
  const int = (name: string, path: string[]) => {
    const v = env[name];
    if (v === undefined || v === '') return;
    const n = intEnv(name, v, problems);
    if (n !== undefined) setPath(raw, path, n);
  };
  str('SCPM_HTTP_HOST', ['http', 'host']);
  int('SCPM_HTTP_PORT', ['http', 'port']);
  str('SCPM_DATA_DIR', ['dataDir']);
  str('SCPM_UPSTREAM_URL', ['upstream', 'url']);
  int('SCPM_LOCAL_BROKER_PORT', ['localBroker', 'port']);
  str('SCPM_OFFICE_ID', ['office', 'id']);
  if (env.SCPM_API_TOKEN) setPath(raw, ['auth', 'apiToken'], { env: 'SCPM_API_TOKEN' });
  str('SCPM_PUBLIC_HOST', ['display', 'publicHost']);
  int('SCPM_PUBLIC_PORT', ['display', 'publicPort']);
  str('SCPM_LOG_LEVEL', ['logging', 'level']);
}

function resolveSecret(ref: SecretRef, where: string, baseDir: string, env: Env, problems: string[]): string {
  if (typeof ref === 'string') return ref;
  if ('env' in ref) {
    const v = env[ref.env];
    if (v === undefined || v === '') problems.push(`${where}: expected the environment variable ${ref.env} to be set, found it unset`);
    return v ?? '';
  }
  const path = isAbsolute(ref.file) ? ref.file : resolve(baseDir, ref.file);
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (err) {
    problems.push(`${where}: expected a readable secret file, found ${(err as NodeJS.ErrnoException).code ?? 'an error'} at ${path}`);
    return '';
  }
}

/** Parse and validate config text; throws ConfigError listing every problem. */
export function parseConfig(text: string, file: string, env: Env = process.env): Config {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(doc.errors.map((e) => `${file}: line ${e.linePos?.[0]?.line ?? '?'}: ${e.message.split('\n')[0]}`));
  }
  const parsed: unknown = doc.toJS() ?? {};
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError([`${file}: (top level): expected a mapping of keys, found ${Array.isArray(parsed) ? 'a list' : typeof parsed}`]);
  }
  const raw = parsed as Record<string, unknown>;
  const problems: string[] = [];
  applyEnvOverrides(raw, env, problems);
  const result = configSchema.safeParse(raw);
  if (!result.success) problems.push(...formatIssues(file, raw, result.error.issues));
  if (!result.success || problems.length > 0) throw new ConfigError(problems);

  const c = result.data;
  const baseDir = dirname(resolve(file));
  const secret = (ref: SecretRef, where: string) => resolveSecret(ref, `${file}: ${where}`, baseDir, env, problems);
  const config: Config = {
    ...c,
    source: file,
    dataDir: isAbsolute(c.dataDir) ? c.dataDir : resolve(c.dataDir),
    upstream: {
      ...c.upstream,
      clientId: c.upstream.clientId ?? `scpm-edge-${c.office.id}`,
      password: c.upstream.password === undefined ? undefined : secret(c.upstream.password, 'upstream.password'),
      tls: c.upstream.tls && {
        ...c.upstream.tls,
        ca: c.upstream.tls.ca && resolve(baseDir, c.upstream.tls.ca),
        cert: c.upstream.tls.cert && resolve(baseDir, c.upstream.tls.cert),
        key: c.upstream.tls.key && resolve(baseDir, c.upstream.tls.key),
      },
    },
    localBroker: {
      ...c.localBroker,
      devices: c.localBroker.devices.map((d, i) => ({ ...d, password: secret(d.password, `localBroker.devices[${i}].password`) })),
    },
    auth: {
      ...c.auth,
      apiToken: c.auth.apiToken === undefined ? undefined : secret(c.auth.apiToken, 'auth.apiToken'),
      deviceTokens: c.auth.deviceTokens.map((d, i) => ({ id: d.id, token: secret(d.token, `auth.deviceTokens[${i}].token`) })),
    },
    demo: { ...c.demo, active: c.upstream.url === null },
  };
  for (const [i, d] of config.auth.deviceTokens.entries()) {
    if (d.token.length > 0 && d.token.length < 16) problems.push(`${file}: auth.deviceTokens[${i}].token: expected at least 16 characters, found ${d.token.length}`);
  }
  const usernames = new Set<string>();
  for (const [i, d] of config.localBroker.devices.entries()) {
    if (usernames.has(d.username)) problems.push(`${file}: localBroker.devices[${i}].username: expected a unique username, found "${d.username}" twice`);
    usernames.add(d.username);
  }
  if (config.upstream.reconnectMaxMs < config.upstream.reconnectMinMs) {
    problems.push(`${file}: upstream.reconnectMaxMs: expected a value ≥ upstream.reconnectMinMs (${config.upstream.reconnectMinMs}), found ${config.upstream.reconnectMaxMs}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

export function loadConfig(file: string, env: Env = process.env): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError([`${file}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)}); set SCPM_CONFIG or pass a path`]);
  }
  return parseConfig(text, file, env);
}

export function configPath(env: Env = process.env): string {
  return env.SCPM_CONFIG && env.SCPM_CONFIG !== '' ? env.SCPM_CONFIG : DEFAULT_CONFIG;
}
