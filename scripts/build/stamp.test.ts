import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BUNDLE_FILE, checkStamp, sourceDigest, writeStamp } from './stamp.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A small tree shaped like the repository, built once. */
function built(): string {
  const root = mkdtempSync(join(tmpdir(), 'scpm-stamp-'));
  dirs.push(root);
  for (const d of ['gateway', 'display/assets', 'scripts/build', 'dist/gateway']) mkdirSync(join(root, d), { recursive: true });
  writeFileSync(join(root, 'package.json'), '{"name":"x"}\n');
  writeFileSync(join(root, 'tsconfig.json'), '{}\n');
  writeFileSync(join(root, 'gateway', 'main.ts'), 'export const a = 1;\n');
  writeFileSync(join(root, 'gateway', 'main.test.ts'), 'test\n');
  writeFileSync(join(root, 'display', 'app.tsx'), 'export const b = 2;\n');
  writeFileSync(join(root, 'display', 'assets', 'wall.js'), '1;\n');
  writeFileSync(join(root, BUNDLE_FILE), 'bundle v1\n');
  writeStamp(root);
  return root;
}

describe('build stamp', () => {
  it('is fresh right after a build, and after file times change with the bytes the same (a checkout, a copy)', () => {
    const root = built();
    expect(checkStamp(root).fresh).toBe(true);
    writeFileSync(join(root, 'gateway', 'main.ts'), 'export const a = 1;\n');
    utimesSync(join(root, 'display', 'app.tsx'), new Date(2031, 1, 1), new Date(2031, 1, 1));
    expect(checkStamp(root).fresh).toBe(true);
  });

  it('is stale when a compiled source, a tsconfig or the lock file changes, or a source is added', () => {
    for (const change of [
      (r: string) => writeFileSync(join(r, 'gateway', 'main.ts'), 'export const a = 2;\n'),
      (r: string) => writeFileSync(join(r, 'tsconfig.json'), '{"x":1}\n'),
      (r: string) => writeFileSync(join(r, 'package-lock.json'), '{}\n'),
      (r: string) => writeFileSync(join(r, 'scripts', 'build', 'new.ts'), 'export {};\n'),
    ]) {
      const root = built();
      change(root);
      expect(checkStamp(root)).toEqual({ fresh: false, reason: 'sources changed since the last build' });
    }
  });

  it('ignores what the build does not compile: tests and the display\'s assets (served from the sources, in the build id)', () => {
    const root = built();
    const before = sourceDigest(root);
    writeFileSync(join(root, 'gateway', 'main.test.ts'), 'changed\n');
    writeFileSync(join(root, 'display', 'assets', 'wall.js'), '2;\n');
    expect(sourceDigest(root)).toBe(before);
  });

  it('is stale when the bundle is missing or not what the build wrote, or there is no stamp', () => {
    const root = built();
    writeFileSync(join(root, BUNDLE_FILE), 'bundle edited by hand\n');
    expect(checkStamp(root)).toMatchObject({ fresh: false, reason: expect.stringMatching(/differs/) });
    rmSync(join(root, BUNDLE_FILE));
    expect(checkStamp(root)).toMatchObject({ fresh: false, reason: expect.stringMatching(/missing/) });
    rmSync(join(root, 'dist'), { recursive: true });
    expect(checkStamp(root)).toMatchObject({ fresh: false, reason: expect.stringMatching(/no build stamp/) });
  });
});
