// Finds files shipped beside the display's sources (data/, assets/), whether
// running from sources (display/…) or from the compiled tree (dist/display/…).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));

export function displayFile(rel: string): string {
  const candidates = [join(here, rel), join(here, '..', '..', 'display', rel), join(process.cwd(), 'display', rel)];
  for (const c of candidates) if (existsSync(c)) return c;
  throw new Error(`display file not found: ${rel} (looked in ${candidates.join(', ')})`);
}

/** A file of the htmx.org package's dist/ folder. */
export function htmxFile(rel: string): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('htmx.org/package.json');
  return join(dirname(pkg), 'dist', rel);
}
