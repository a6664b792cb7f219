// Loads an office config: YAML → environment overrides → the one schema →
// secrets and config-relative paths resolved → checks that need the secrets.
// Every problem is collected and reported at once (never the first only);
// warnings are listed but do not stop the gateway.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { buildConfigSchema, configSchema } from './schema.js';
import { formatIssues } from './errors.js';
import { yamlProblem } from './yaml-errors.js';
import { fileErrorWords, fileFixHint } from './file-errors.js';
import { checkSecretRefs, resolvePlaceholders, type Env } from './secret.js';
import { applyEnvOverrides, blameOverrides, envTable } from './env.js';
import { BRIDGES } from '../bridges/index.js';
import type { AnyDescriptor, OfficeInfo } from '../bridges/types.js';

export type Config = z.output<typeof configSchema> & {
  /** The file the config came from, for messages. */
  source: string;
  /** Where its secrets are (for redaction). */
  readonly secretPaths: readonly (readonly string[])[];
  /** The keys an environment variable set, and that variable ("http.port" → "SCPM_HTTP_PORT"). */
  readonly envKeys: ReadonlyMap<string, string>;
};

export class ConfigError extends Error {
  constructor(readonly lines: string[]) {
    super(`configuration is invalid (${lines.length} problem${lines.length === 1 ? '' : 's'}):\n  ${lines.join('\n  ')}`);
  }
}

export const DEFAULT_CONFIG = 'device-configs/demo.yaml';

/** Shortest accepted token or device password: guessing must not be practical. */
export const MIN_SECRET_CHARS = 16;

/** Checks of resolved secrets (the schema sees them only as references). */
function secretChecks(c: Config, file: string, problems: string[]): void {
  // An empty value is already a problem of its own (an unset variable, an unreadable file).
  const tooShort = (value: string | undefined, where: string) => {
    if (value !== undefined && value.length > 0 && value.length < MIN_SECRET_CHARS) problems.push(`${file}: ${where}: expected at least ${MIN_SECRET_CHARS} characters, found ${value.length}`);
  };
  tooShort(c.auth.apiToken, 'auth.apiToken');
  for (const [i, d] of c.auth.deviceTokens.entries()) tooShort(d.token, `auth.deviceTokens[${i}].token`);
  // Absent when a test composes the schema without the local broker.
  const devices = (c as Partial<Config>).localBroker?.devices ?? [];
  for (const [i, d] of devices.entries()) tooShort(d.password, `localBroker.devices[${i}].password`);
}

const schemas = new WeakMap<readonly AnyDescriptor[], z.ZodType>([[BRIDGES, configSchema]]);

/** Parse and validate config text; throws ConfigError listing every problem. `bridges`: the list whose sections compose the schema (tests add a fake). */
export function parseConfig(text: string, file: string, env: Env = process.env, bridges: readonly AnyDescriptor[] = BRIDGES): Config {
  let schema = schemas.get(bridges);
  if (!schema) schemas.set(bridges, (schema = buildConfigSchema(bridges)));
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(doc.errors.map((e) => yamlProblem(e, text, file)));
  }
  const parsed: unknown = doc.toJS() ?? {};
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError([`${file}: (top level): expected a mapping of keys, found ${Array.isArray(parsed) ? 'a list' : typeof parsed}`]);
  }
  const raw = parsed as Record<string, unknown>;
  const problems: string[] = [];
  const applied = applyEnvOverrides(raw, env, envTable(bridges), problems);
  const fail = () => new ConfigError(blameOverrides(problems, file, applied));
  const result = schema.safeParse(raw);
  if (!result.success) {
    problems.push(...formatIssues(file, raw, result.error.issues));
    checkSecretRefs(raw, { file, baseDir: dirname(resolve(file)), env, problems }, result.error.issues.map((i) => i.path));
  }
  if (!result.success || problems.length > 0) throw fail();
  const secretPaths: string[][] = [];
  const config = resolvePlaceholders(result.data as Config, { file, baseDir: dirname(resolve(file)), env, problems, secretPaths }) as Config;
  config.source = file;
  Object.defineProperty(config, 'secretPaths', { value: secretPaths, enumerable: false });
  Object.defineProperty(config, 'envKeys', { value: new Map(applied.map((a) => [a.key, a.name])), enumerable: false });
  secretChecks(config, file, problems);
  const sections = config as unknown as Record<string, unknown>;
  for (const d of bridges) for (const p of d.check?.(sections[d.configKey] as never) ?? []) problems.push(`${file}: ${p}`);
  if (problems.length > 0) throw fail();
  return config;
}

export function loadConfig(file: string, env: Env = process.env): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const fix = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'check the path, or set SCPM_CONFIG / pass the path of the office YAML' : fileFixHint(err, 'the config file');
    throw new ConfigError([`${file}: cannot read the file (${fileErrorWords(err)}); ${fix}`]);
  }
  return parseConfig(text, file, env);
}

export function configPath(env: Env = process.env): string {
  return env.SCPM_CONFIG && env.SCPM_CONFIG !== '' ? env.SCPM_CONFIG : DEFAULT_CONFIG;
}

/** What every bridge may know of the office. */
export function officeInfo(c: Config): OfficeInfo {
  return { id: c.office.id, name: c.office.name, language: c.office.language, timezone: c.office.timezone, topicRoot: c.upstream.topicRoot, demo: c.demo.active };
}

/** Warnings of the core and of each bridge's section: listed by check-config and logged at start. */
export function configWarnings(c: Config): string[] {
  const office = officeInfo(c);
  const sections = c as unknown as Record<string, unknown>;
  const out: string[] = [];
  if (c.http.host !== '127.0.0.1' && c.http.host !== 'localhost' && c.auth.apiToken === undefined && c.auth.deviceTokens.length === 0) {
    out.push(`http.host: ${c.http.host} listens beyond this machine, but no auth.apiToken or auth.deviceTokens are set, so nothing off this machine can use the gateway`);
  }
  for (const d of BRIDGES) out.push(...(d.warnings?.(sections[d.configKey] as never, office) ?? []));
  return out.map((w) => `${c.source}: warning: ${w}`);
}
