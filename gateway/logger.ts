// pino JSON to stdout (journald). Secrets are redacted by key wherever they
// appear; URLs are logged only through safeUrl (credentials removed).
import { pino, type Logger } from 'pino';

export const REDACT_PATHS = [
  'password', '*.password', '*.*.password', 'token', '*.token', '*.*.token', 'apiToken', '*.apiToken',
  'authorization', '*.authorization', 'headers.authorization',
  'phone', '*.phone', 'email', '*.email', 'reporter', '*.reporter',
];

export type { Logger };

export function createLogger(level: string = 'info', destination?: pino.DestinationStream): Logger {
  return pino({ level, base: { svc: 'scpm-edge' }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, destination);
}

/** The gateway's logger: stdout (journald) and the in-memory ring the setup page reads. */
export function createGatewayLogger(level: string, ring: NodeJS.WritableStream): Logger {
  const l = level as pino.Level;
  return createLogger(level, pino.multistream([{ level: l, stream: process.stdout }, { level: l, stream: ring }]));
}

/** Removes credentials from a URL before it is logged (mqtt://user:pass@host → mqtt://host). */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    for (const key of [...u.searchParams.keys()]) if (/token|pass|secret|key/i.test(key)) u.searchParams.set(key, 'redacted');
    return u.toString();
  } catch {
    return '(unparseable url)';
  }
}
