// The project's room rules as lint rules (docs/architecture.md):
// - display/ never imports gateway/bridges/**;
// - a bridge never imports another bridge (gateway/bridges/<a>/ → gateway/bridges/<b>/);
// - only gateway/store/** imports better-sqlite3;
// - the store's database handle (`.db`) and its statements (`.statements`) are not touched outside gateway/store/**.
import { dirname, relative, resolve, sep } from 'node:path';

/** Members of the Store that are SQL by another name. */
const PRIVATE_TO_STORE = new Set(['db', 'statements']);

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');
const rel = (abs) => relative(ROOT, abs).split(sep).join('/');

/** The bridge folder a repo-relative path lies in, or null (files directly in gateway/bridges/ are the host's). */
function bridgeOf(path) {
  const m = /^gateway\/bridges\/([^/]+)\//.exec(path);
  return m ? m[1] : null;
}

function importTarget(context, source) {
  if (!source.startsWith('.')) return null;
  return rel(resolve(dirname(context.filename), source));
}

const importRule = (check) => ({
  meta: { type: 'problem', schema: [] },
  create(context) {
    const from = rel(context.filename);
    const visit = (node) => {
      const source = node.source && typeof node.source.value === 'string' ? node.source.value : null;
      if (!source) return;
      const message = check(from, source, importTarget(context, source));
      if (message) context.report({ node: node.source, message });
    };
    return { ImportDeclaration: visit, ExportNamedDeclaration: visit, ExportAllDeclaration: visit, ImportExpression: visit };
  },
});

export default {
  rules: {
    'display-no-bridges': importRule((from, _source, target) =>
      from.startsWith('display/') && target && /^gateway\/bridges\/[^/]+\//.test(target)
        ? `display/ never imports a bridge (${target}): read the store, the bus and the actions service, or a port the host gives`
        : null),
    'no-cross-bridge': importRule((from, _source, target) => {
      const a = bridgeOf(from);
      const b = target ? bridgeOf(target) : null;
      return a && b && a !== b ? `bridge "${a}" imports bridge "${b}" (${target}): declare what it needs (needs/provides) and let the host resolve it` : null;
    }),
    'bridge-display-kit-only': importRule((from, _source, target) =>
      bridgeOf(from) && target && target.startsWith('display/') && !target.startsWith('display/kit/')
        ? `a bridge may use the page kit (display/kit/) only, not ${target}: the display reads bridges through the host, never the reverse`
        : null),
    'sqlite-only-in-store': importRule((from, source) =>
      source === 'better-sqlite3' && !from.startsWith('gateway/store/')
        ? 'only gateway/store/** talks to SQLite: add a Store method (or a repository) instead'
        : null),
    'store-db-private': {
      meta: { type: 'problem', schema: [] },
      create(context) {
        const from = rel(context.filename);
        if (from.startsWith('gateway/store/')) return {};
        return {
          MemberExpression(node) {
            if (!node.computed && node.property.type === 'Identifier' && PRIVATE_TO_STORE.has(node.property.name)) {
              context.report({ node: node.property, message: 'the store\'s database handle is private to gateway/store/**: add a Store method instead' });
            }
          },
        };
      },
    },
  },
};
