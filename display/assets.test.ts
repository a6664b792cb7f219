import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { CAMERA_PLAYER_PARTS, assets, cameraPlayerScript } from './assets.js';
import { displayFile } from './files.js';

describe('the camera player script', () => {
  it('is served as its parts joined, in order', () => {
    const script = cameraPlayerScript().toString('utf8');
    const at = CAMERA_PLAYER_PARTS.map((part) => script.indexOf(readFileSync(displayFile(`assets/camera-player/${part}`), 'utf8')));
    expect(at[0]).toBe("'use strict';\n{\n".length);
    expect(at.every((i, n) => n === 0 || i > at[n - 1]!)).toBe(true);
    expect(assets().get('camera-player.js')?.body.equals(cameraPlayerScript())).toBe(true);
  });

  it('runs as one classic script and puts no name on the page\'s global scope', () => {
    const intervals: unknown[] = [];
    const page: Record<string, unknown> = {
      document: { body: { getAttribute: () => 'en' }, documentElement: { lang: 'en' }, querySelectorAll: () => [] },
      setInterval: (fn: unknown) => intervals.push(fn),
      window: { addEventListener: () => undefined },
    };
    const before = Object.keys(page).sort();
    runInNewContext(cameraPlayerScript().toString('utf8'), page, { filename: 'camera-player.js' });
    expect(Object.keys(page).sort()).toEqual(before);
    expect(intervals).toHaveLength(1);
  });
});
