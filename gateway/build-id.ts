// Identifies this build of the gateway by its content: a hash of the running
// bundle's bytes and of the display's assets (ours and htmx's). The wall
// reloads once when it changes (an upgrade), and never on a plain restart:
// rebuilding the same sources gives the same bytes, whatever the file times.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { displayFile, htmxFile } from '../display/files.js';

/** A short hash of the files' names and bytes, in the order given; a missing file counts by its name only. */
export function contentBuildId(paths: readonly string[]): string {
  const hash = createHash('sha256');
  for (const path of paths) {
    hash.update(`${path.slice(path.lastIndexOf('/') + 1)}\0`);
    try {
      hash.update(readFileSync(path));
    } catch {
      hash.update('(missing)');
    }
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 12);
}

/** Every file in a folder and its sub-folders (camera-player/'s parts), by name. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

/** What the build id covers: the script node runs (the bundle holds all of the gateway and the display), then every asset the display serves. */
export function buildFiles(main = process.argv[1] ?? ''): string[] {
  const files = [main];
  try {
    files.push(...filesUnder(displayFile('assets')));
  } catch {
    // no assets folder: the bundle alone
  }
  for (const f of ['htmx.min.js', 'ext/hx-sse.min.js']) {
    try {
      files.push(htmxFile(f));
    } catch {
      // htmx not installed: the display would fail on its own
    }
  }
  return files;
}

let cached: string | null = null;

export function buildId(): string {
  cached ??= contentBuildId(buildFiles());
  return cached;
}
