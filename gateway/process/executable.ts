// Finds a child's executable before it is started, so a missing program is a
// clear state ("ffmpeg not found") rather than a wrapper's exit code, and the
// child runs the file that was checked (an absolute path, no PATH lookup later).
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';

export type Resolution =
  | { kind: 'found'; path: string }
  | { kind: 'missing' }
  | { kind: 'unusable'; reason: string };

export async function resolveExecutable(command: string, searchPath: string): Promise<Resolution> {
  if (command.length === 0 || command.includes('\0')) return { kind: 'unusable', reason: 'the command is empty or holds a NUL byte' };
  if (command.includes('/')) {
    if (!isAbsolute(command)) return { kind: 'unusable', reason: `${command} is neither a name on PATH nor an absolute path` };
    return check(command);
  }
  let unusable: Resolution | null = null;
  for (const dir of searchPath.split(delimiter)) {
    if (!isAbsolute(dir)) continue; // a relative PATH entry would depend on the cwd
    const found = await check(join(dir, command));
    if (found.kind === 'found') return found;
    if (found.kind === 'unusable') unusable ??= found;
  }
  return unusable ?? { kind: 'missing' };
}

async function check(path: string): Promise<Resolution> {
  try {
    const s = await stat(path);
    if (!s.isFile()) return { kind: 'unusable', reason: `${path} is not a file` };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
    return { kind: 'unusable', reason: `${path}: ${code ?? 'cannot be read'}` };
  }
  try {
    await access(path, constants.X_OK);
    return { kind: 'found', path };
  } catch {
    return { kind: 'unusable', reason: `${path} is not executable` };
  }
}

export async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
