// Static assets: our CSS and JS, and htmx 4.0.1 from node_modules, read once
// and gzipped in memory. They need no access (no data in them).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Context } from 'hono';
import { displayFile, htmxFile } from './files.js';

interface Asset { type: string; body: Buffer; gz: Buffer }

const TYPES: Record<string, string> = { css: 'text/css; charset=utf-8', js: 'text/javascript; charset=utf-8' };

function load(path: string, type: string): Asset {
  const body = readFileSync(path);
  return { type, body, gz: gzipSync(body, { level: 9 }) };
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
      ['camera-player.js', load(displayFile('assets/camera-player.js'), TYPES.js!)],
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
