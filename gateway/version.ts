// The gateway's version, from package.json (shipped beside dist/ in the package too).
import { readFileSync } from 'node:fs';

let cached: string | null = null;

export function gatewayVersion(): string {
  if (cached) return cached;
  try {
    cached = String((JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown }).version ?? 'unknown');
  } catch {
    cached = 'unknown';
  }
  return cached;
}
