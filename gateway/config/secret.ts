// Secrets and config-relative paths in the one schema. The schema's output
// for such a field is a placeholder (typed as the string it becomes); the
// loader resolves every placeholder once the whole file has been parsed, with
// the file's directory and the environment, and names each one it cannot.
import { isAbsolute, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { maskUrlCredentials } from '../util/url-credentials.js';
import { fileErrorWords, fileFixHint } from './file-errors.js';

const secretRefSchema = z.union([
  z.string().min(1),
  z.strictObject({ env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name (capital letters, digits and _, e.g. SCPM_API_TOKEN)') }),
  z.strictObject({ file: z.string().min(1) }),
]);
export type SecretRef = z.infer<typeof secretRefSchema>;

/** A secret as written (inline, `{env}` or `{file}`), until the loader reads it. */
export class PendingSecret {
  constructor(readonly ref: SecretRef) {}
}

/** A path relative to the config file, until the loader makes it absolute. */
export class PendingPath {
  constructor(readonly path: string) {}
}

/** A secret is given inline, read from an environment variable, or read from a file; never logged. */
export const secret = secretRefSchema.transform((ref) => new PendingSecret(ref) as unknown as string);

/** A file path, relative to the config file's directory. */
export const configRelativePath = z.string().min(1).transform((p) => new PendingPath(p) as unknown as string);

export type Env = Record<string, string | undefined>;

/** Where an installed gateway's secrets live: the service reads them, and so does `sudo scpm-edge check-config` (the file is root's, mode 0600). */
const ENV_HINT = (name: string) => `export ${name}, or on an installed gateway add a line ${name}=… to /etc/scpm-edge/secrets.env (run check-config there with sudo: only root reads that file)`;

function readSecret(ref: SecretRef, where: string, baseDir: string, env: Env, problems: string[]): string {
  if (typeof ref === 'string') return ref;
  if ('env' in ref) {
    const v = env[ref.env];
    if (v === undefined || v === '') problems.push(`${where}: expected the environment variable ${ref.env} to be set, found it unset; ${ENV_HINT(ref.env)}`);
    return v ?? '';
  }
  const path = isAbsolute(ref.file) ? ref.file : resolve(baseDir, ref.file);
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (err) {
    problems.push(`${where}: expected a readable secret file at ${path}, found none (${fileErrorWords(err)}); ${fileFixHint(err, 'the secret file')} ({file: …} is relative to the config file's folder)`);
    return '';
  }
}

const isPlain = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;

/** Replaces every placeholder in `value` (in place, at any depth); problems are named `file: path`. */
export function resolvePlaceholders(value: unknown, ctx: { file: string; baseDir: string; env: Env; problems: string[]; secretPaths?: string[][] }, path: string[] = []): unknown {
  if (value instanceof PendingSecret) {
    ctx.secretPaths?.push(path);
    return readSecret(value.ref, `${ctx.file}: ${formatKey(path)}`, ctx.baseDir, ctx.env, ctx.problems);
  }
  if (value instanceof PendingPath) return isAbsolute(value.path) ? value.path : resolve(ctx.baseDir, value.path);
  if (Array.isArray(value)) {
    value.forEach((v, i) => (value[i] = resolvePlaceholders(v, ctx, [...path, String(i)])));
    return value;
  }
  if (isPlain(value)) {
    for (const [k, v] of Object.entries(value)) value[k] = resolvePlaceholders(v, ctx, [...path, k]);
  }
  return value;
}

/**
 * When the schema refused the file, no placeholder is resolved; the `{env}` and
 * `{file}` references it holds are read anyway (that shape is only ever a secret's),
 * so an unset variable or a missing secret file is listed with the other problems,
 * not after they are fixed. A reference the schema already named (its key or inside it) is skipped.
 */
export function checkSecretRefs(raw: unknown, ctx: { file: string; baseDir: string; env: Env; problems: string[] }, named: readonly (readonly PropertyKey[])[]): void {
  const walk = (value: unknown, path: string[]): void => {
    if (isPlain(value) && Object.keys(value).length === 1 && typeof (value.env ?? value.file) === 'string') {
      // The schema's own line about this reference (a bad variable name) says enough.
      if (named.some((p) => p.length >= path.length && path.every((k, i) => String(p[i]) === k))) return;
      readSecret(value as SecretRef, `${ctx.file}: ${formatKey(path)}`, ctx.baseDir, ctx.env, ctx.problems);
      return;
    }
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, String(i)]));
    else if (isPlain(value)) for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
  };
  walk(raw, []);
}

const formatKey = (path: string[]) => path.map((p) => (/^\d+$/.test(p) ? `[${p}]` : p)).join('.').replace(/\.\[/g, '[');

/**
 * A config key whose value is a secret, by its name or its path: problem
 * lines name it without its value, here and on the safe-mode page.
 */
export const SECRET_KEY_NAME = /(password|passphrase|token|secret|apikey|api_key)|(^|\.)key$/i;

/**
 * A deep copy of `config` with every secret (the paths recorded at load)
 * replaced by ••••, and the password of any URL that is not a secret
 * (`upstream.url: mqtts://edge:pw@…`) too.
 */
export function redactSecrets<T>(config: T, secretPaths: readonly (readonly string[])[]): T {
  const copy = structuredClone(config) as unknown;
  for (const path of secretPaths) {
    let cur = copy as Record<string, unknown> | undefined;
    for (const key of path.slice(0, -1)) cur = cur?.[key] as Record<string, unknown> | undefined;
    const last = path[path.length - 1]!;
    if (cur && typeof cur === 'object' && last in cur) cur[last] = '••••';
  }
  return hideUrlPasswords(copy) as T;
}

function hideUrlPasswords(value: unknown): unknown {
  if (typeof value === 'string') return maskUrlCredentials(value, '••••', true);
  if (Array.isArray(value)) return value.map(hideUrlPasswords);
  if (value !== null && typeof value === 'object') {
    const out = value as Record<string, unknown>;
    for (const [k, v] of Object.entries(out)) out[k] = hideUrlPasswords(v);
    return out;
  }
  return value;
}
