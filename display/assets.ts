// Static assets: our CSS and JS, and htmx 4.0.1 from node_modules, read once
// and gzipped in memory. They need no access (no data in them).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Context } from 'hono';
import { displayFile, htmxFile } from './files.js';

interface Asset { type: string; body: Buffer; gz: Buffer }

const TYPES: Record<string, string> = { css: 'text/css; charset=utf-8', js: 'text/javascript; charset=utf-8' };

function asset(body: Buffer, type: string): Asset {
  return { type, body, gz: gzipSync(body, { level: 9 }) };
}

function load(path: string, type: string): Asset {
  return asset(readFileSync(path), type);
}

/** The parts of assets/camera-player/, in the order they are joined (each part's header says what it holds). */
export const CAMERA_PLAYER_PARTS = ['player.js', 'fmp4.js', 'media.js', 'state.js', 'reconnect.js', 'players.js'] as const;

/**
 * camera-player.js, one script as the page loads it: its parts inside one
 * strict block, so they share their names and none reaches the page's global
 * scope (strict mode scopes a function declared in a block to it).
 */
export function cameraPlayerScript(): Buffer {
  const dir = displayFile('assets/camera-player');
  const parts = CAMERA_PLAYER_PARTS.map((part) => readFileSync(join(dir, part), 'utf8'));
  return Buffer.from(`'use strict';\n{\n${parts.join('\n')}}\n`);
}

let cache: Map<string, Asset> | null = null;

export function assets(): Map<string, Asset> {
  if (!cache) {
    cache = new Map([
      ['wall.css', load(displayFile('assets/wall.css'), TYPES.css!)],
      ['wall.js', load(displayFile('assets/wall.js'), TYPES.js!)],
      ['setup.css', load(displayFile('assets/setup.css'), TYPES.css!)],
      ['setup.js', load(displayFile('assets/setup.js'), TYPES.js!)],
      ['camera.css', load(displayFile('assets/camera.css'), TYPES.css!)],
      ['camera-player.js', asset(cameraPlayerScript(), TYPES.js!)],
      ['htmx.min.js', load(htmxFile('htmx.min.js'), TYPES.js!)],
      ['hx-sse.min.js', load(htmxFile('ext/hx-sse.min.js'), TYPES.js!)],
    ]);
  }
  return cache;
}

export function serveAsset(c: Context): Response {
  const a = assets().get(c.req.param('file') ?? '');
  if (!a) return c.text('not found', 404);
  const gzip = /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
  const headers: Record<string, string> = { 'content-type': a.type, 'cache-control': 'public, max-age=86400', vary: 'accept-encoding' };
  if (gzip) headers['content-encoding'] = 'gzip';
  return new Response(new Uint8Array(gzip ? a.gz : a.body), { status: 200, headers });
}
