import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { errnoCode } from './errno.js';
import { makeDirs } from './make-dirs.js';

describe('makeDirs', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const d = mkdtempSync(join(tmpdir(), 'scpm-mkdirs-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('creates every missing level, with the mode asked for, and leaves an existing directory alone', () => {
    const base = tmp();
    const deep = join(base, 'a', 'b', 'c');
    makeDirs(deep, 0o700);
    expect(statSync(deep).isDirectory()).toBe(true);
    expect(statSync(join(base, 'a')).mode & 0o777).toBe(0o700);
    makeDirs(deep);
    makeDirs(base);
  });

  it('throws the error of the level that cannot be made: a file in the way, a path under /proc (where Node\'s recursive mkdir never returns)', () => {
    const base = tmp();
    writeFileSync(join(base, 'file'), 'x');
    const codeOf = (dir: string) => {
      try {
        makeDirs(dir);
        return 'made';
      } catch (err) {
        return errnoCode(err);
      }
    };
    expect(codeOf(join(base, 'file', 'data'))).toBe('ENOTDIR');
    expect(codeOf('/proc/scpm-no-such/data')).toBe('ENOENT');
  });
});
