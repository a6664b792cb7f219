// Why a file could not be read, in a technician's words rather than an errno
// code ("ENOENT"), and what to do about it: shared by the config file, the
// secret files it names.
import { userInfo } from 'node:os';
import { errnoCode } from '../util/errno.js';

/** The reason, for a Node error with a `code`; the code itself for one not listed. */
export function fileErrorWords(err: unknown): string {
  const code = errnoCode(err);
  switch (code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES': case 'EPERM': return `permission denied for the user this runs as (${userName()})`;
    case 'EISDIR': return 'it is a directory, not a file';
    case 'ENOTDIR': return 'a part of the path is a file, not a directory';
    case 'ELOOP': return 'a symbolic link loop';
    case 'EROFS': return 'the file system is read-only';
    default: return code === 'error' ? String(err) : code; // errnoCode's word for an error without a code
  }
}

/** How to fix a file that cannot be read, by its cause. */
export function fileFixHint(err: unknown, what: string): string {
  const code = errnoCode(err);
  if (code === 'EACCES' || code === 'EPERM') return `make ${what} readable by that user (chown or chmod), or run this as a user who can read it`;
  if (code === 'EISDIR') return `give the path of ${what} itself, not of its folder`;
  return `check the path of ${what}`;
}

function userName(): string {
  try {
    return userInfo().username;
  } catch {
    return typeof process.getuid === 'function' ? `uid ${process.getuid()}` : 'unknown';
  }
}
