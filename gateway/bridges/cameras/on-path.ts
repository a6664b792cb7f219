// Whether ffmpeg can be run, checked once at start so the setup page and
// /healthz can say "install ffmpeg" rather than every camera failing.
import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/** True when `cmd` is an executable (absolute path, or found on PATH). */
export function onPath(cmd: string): boolean {
  const candidates = isAbsolute(cmd) ? [cmd] : (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, cmd));
  return candidates.some((p) => {
    try {
      accessSync(p, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
