// Second build step (after tsc): the gateway as one ES module,
// dist/gateway/scpm-edge.mjs. Loading ~400 small ES modules costs the gateway
// ~0.4 s and ~12 MB at start-up on this 2-core machine; one file starts in
// ~60 % of the time (docs/decisions/2026-11-26-bundle.md). Native addons stay
// outside and are resolved from node_modules as usual.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { GATEWAY_ENTRY, GATEWAY_MAIN, REPO_ROOT } from '../rig/repo.js';
import { writeStamp } from './stamp.js';
import { quietDebug, QUIET_DEBUG_NAMESPACE } from './quiet-debug.js';

// zod's `locales` namespace (z.locales, core.locales) bundles the error
// messages of ~50 languages, 260 KB of the ~1.56 MB bundle that V8 would hold
// and parse at every start; the gateway uses English only (zod's default,
// which classic/schemas.js imports from locales/en.js itself). This keeps `en`
// alone in the namespace: z.locales.ko() in gateway code would throw in the
// bundle (docs/decisions/2026-11-23-memory.md, 2026-11-30).
const zodEnglishOnly: Plugin = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      (/[\\/]node_modules[\\/]zod[\\/]v4[\\/](classic|core)$/.test(args.resolveDir) ? { path: join(args.resolveDir, '..', 'locales', 'index.js'), namespace: 'zod-english-only' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, (args) => ({ contents: "export { default as en } from './en.js';", resolveDir: dirname(args.path), loader: 'js' }));
  },
};

const result = await build({
  entryPoints: [GATEWAY_ENTRY],
  outfile: GATEWAY_MAIN,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Native addons load their .node files relative to their own package: never bundled.
  external: ['better-sqlite3', 'serialport'],
  // CommonJS dependencies (mqtt.js, aedes, pino) call require() for Node's own modules.
  banner: { js: "import { createRequire as __scpmCreateRequire } from 'node:module'; const require = __scpmCreateRequire(import.meta.url);" },
  // Minified: ~30 ms faster to start and ~1.3 MB less source held in memory;
  // the linked map gives readable stacks with `node --enable-source-maps`.
  minify: true,
  sourcemap: 'linked',
  legalComments: 'linked',
  logLevel: 'warning',
  metafile: true,
  plugins: [zodEnglishOnly, quietDebug],
});
/** A plugin that replaced nothing is a silent no-op after a dependency moves: the build fails and says which. */
const requireReplaced = (namespace: string, why: string) => {
  if (Object.keys(result.metafile.inputs).some((path) => path.startsWith(`${namespace}:`))) return;
  console.error(`bundle: ${why}`);
  process.exit(1);
};
requireReplaced(QUIET_DEBUG_NAMESPACE, 'the quiet-debug plugin replaced no `debug` import (no package imports it any more, or the plugin is not in the build): scripts/build/quiet-debug.ts');
requireReplaced('zod-english-only', "zod's locales were not found where the zod-english-only plugin looks (zod/v4/{classic,core} → ../locales/index.js); update the plugin");
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
// V8 keeps a script's source in memory, as one-byte characters only if every
// character is Latin-1. esbuild escapes non-ASCII in strings but keeps regex
// literals as written, and one Korean character there doubled the held source
// (1.3 → 2.6 MB resident). Refuse such a bundle and name the line.
const bundleBytes = readFileSync(GATEWAY_MAIN);
const firstWide = bundleBytes.findIndex((byte) => byte > 0x7f);
if (firstWide >= 0) {
  const line = bundleBytes.subarray(0, firstWide).toString('latin1').split('\n').length;
  const around = bundleBytes.subarray(Math.max(0, firstWide - 60), firstWide + 24).toString('utf8').replace(/\s+/g, ' ');
  console.error(`bundle: ${GATEWAY_MAIN}:${line}: a non-ASCII character in the output, near «${around}»; write it as a \\u escape in the source (esbuild keeps regex literals as written)`);
  process.exit(1);
}
// Last: `npm start` skips the build while the sources match this stamp (./stamp.ts).
writeStamp(REPO_ROOT);
console.log(`bundle: ${GATEWAY_MAIN} (${(bytes / 1048576).toFixed(1)} MiB with its map)`);
