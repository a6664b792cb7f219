import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildFiles, contentBuildId } from './build-id.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function files(): { bundle: string; asset: string } {
  const d = mkdtempSync(join(tmpdir(), 'scpm-build-id-'));
  dirs.push(d);
  const bundle = join(d, 'scpm-edge.mjs');
  const asset = join(d, 'wall.js');
  writeFileSync(bundle, 'console.log("gateway v1");\n');
  writeFileSync(asset, '(function () {})();\n');
  return { bundle, asset };
}

describe('build id', () => {
  it('is the same for the same bytes, whatever the file times (a rebuild of unchanged sources)', () => {
    const { bundle, asset } = files();
    const before = contentBuildId([bundle, asset]);
    writeFileSync(bundle, 'console.log("gateway v1");\n'); // rewritten, same bytes
    utimesSync(asset, new Date(2030, 0, 1), new Date(2030, 0, 1));
    expect(contentBuildId([bundle, asset])).toBe(before);
    expect(before).toMatch(/^[0-9a-f]{12}$/);
  });

  it('changes when the bundle or an asset changes by one byte', () => {
    const { bundle, asset } = files();
    const before = contentBuildId([bundle, asset]);
    writeFileSync(bundle, 'console.log("gateway v2");\n');
    const afterBundle = contentBuildId([bundle, asset]);
    expect(afterBundle).not.toBe(before);
    writeFileSync(asset, '(function () {;})();\n');
    expect(contentBuildId([bundle, asset])).not.toBe(afterBundle);
  });

  it('covers the running script, every display asset and the htmx files the display serves', () => {
    const list = buildFiles('/opt/scpm-edge/dist/gateway/scpm-edge.mjs');
    expect(list[0]).toBe('/opt/scpm-edge/dist/gateway/scpm-edge.mjs');
    for (const name of ['wall.js', 'wall.css', 'htmx.min.js', 'hx-sse.min.js', 'camera-player/fmp4.js']) expect(list.some((f) => f.endsWith(`/${name}`)), name).toBe(true);
  });
});
