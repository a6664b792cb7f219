// A child's environment: only what a program needs to run (PATH, LANG, HOME,
// TZ) from the gateway's own, plus what the caller passes. Nothing else of the
// gateway's (SCPM_* secrets, NODE_OPTIONS, credentials) is inherited.

export const INHERITED_ENV = ['PATH', 'LANG', 'HOME', 'TZ'] as const;
export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export function cleanEnv(base: NodeJS.ProcessEnv, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of INHERITED_ENV) {
    const value = base[key];
    if (value !== undefined && value !== '') env[key] = value;
  }
  env.PATH ??= DEFAULT_PATH;
  return { ...env, ...extra };
}
