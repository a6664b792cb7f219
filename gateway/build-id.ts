// Identifies this build of the gateway: the display reloads once when it changes.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let cached: string | null = null;

export function buildId(): string {
  if (cached) return cached;
  const hash = createHash('sha256');
  for (const rel of ['../../package.json', './main.js']) {
    try {
      const path = fileURLToPath(new URL(rel, import.meta.url));
      hash.update(readFileSync(path));
      hash.update(String(statSync(path).mtimeMs));
    } catch {
      hash.update(rel);
    }
  }
  cached = hash.digest('hex').slice(0, 12);
  return cached;
}
