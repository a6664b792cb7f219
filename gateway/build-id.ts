// Identifies this build of the gateway: the display reloads once when it changes.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let cached: string | null = null;

export function buildId(): string {
  if (cached) return cached;
  const hash = createHash('sha256');
  // package.json and the script node is running (the bundle, or tsc's main.js).
  for (const path of [fileURLToPath(new URL('../../package.json', import.meta.url)), process.argv[1] ?? '']) {
    try {
      hash.update(readFileSync(path));
      hash.update(String(statSync(path).mtimeMs));
    } catch {
      hash.update(path);
    }
  }
  cached = hash.digest('hex').slice(0, 12);
  return cached;
}
