// The README's configuration table is what technicians install from: every key
// it names must exist, every default it quotes must be the schema's, and every
// key of the schema must be in it (or, for a bridge's or the kiosk's section,
// in that section's own doc).
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { configSchema } from './schema.js';

interface JsonNode { $ref?: string; properties?: Record<string, JsonNode>; items?: JsonNode; anyOf?: JsonNode[]; oneOf?: JsonNode[]; allOf?: JsonNode[]; default?: unknown }

/** Every key of the schema ("a.b", array items as "a[].b") with its default (undefined: none). */
function schemaKeys(): Map<string, unknown> {
  const root = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as JsonNode & { $defs?: Record<string, JsonNode> };
  const out = new Map<string, unknown>();
  const resolve = (n: JsonNode | undefined): JsonNode | undefined => (n?.$ref ? resolve(root.$defs?.[n.$ref.split('/').pop()!]) : n);
  const walk = (node: JsonNode | undefined, path: string): void => {
    const n = resolve(node);
    if (!n) return;
    for (const alt of [...(n.anyOf ?? []), ...(n.oneOf ?? []), ...(n.allOf ?? [])]) walk(alt, path);
    for (const [k, v] of Object.entries(n.properties ?? {})) {
      const key = path ? `${path}.${k}` : k;
      if (!out.has(key) || out.get(key) === undefined) out.set(key, v.default ?? resolve(v)?.default);
      walk(v, key);
    }
    if (n.items) walk(n.items, `${path}[]`);
  };
  walk(root, '');
  return out;
}

interface Row { keys: string[]; defaults: string[]; line: string }

/** `a.b.{c,d}` → a.b.c, a.b.d. */
const expandBraces = (k: string): string[] => {
  const m = /^(.*)\{([^}]+)\}(.*)$/.exec(k);
  return m ? m[2]!.split(',').flatMap((part) => expandBraces(`${m[1]}${part.trim()}${m[3]}`)) : [k];
};

/** The table's rows: `http.headersTimeoutMs`, `.requestTimeoutMs` → both full keys. */
function configRows(readme: string): Row[] {
  const start = readme.indexOf('| key | default | meaning |');
  const end = readme.indexOf('\n\n', start);
  const rows: Row[] = [];
  for (const line of readme.slice(start, end).split('\n').slice(2)) {
    const [, keyCell = '', defaultCell = ''] = line.split(' | ').length >= 3 ? ['', ...line.slice(2).split(' | ')] : [];
    let parent = '';
    const keys = [...keyCell.matchAll(/`([^`]+)`/g)].flatMap((m) => {
      const k = m[1]!;
      if (!k.startsWith('.')) parent = k.replace(/\.[^.{]+$|\.\{[^}]+\}$/, '');
      return expandBraces(k.startsWith('.') ? parent + k : k);
    });
    rows.push({ keys, defaults: defaultCell.split(/, | \/ /).map((d) => d.trim()), line });
  }
  return rows;
}

/** A quoted default as a value, or undefined when it is prose ("—", "7 days" of a non-seconds key…). */
function quotedDefault(text: string, key: string): unknown {
  const t = text.replace(/^`|`$/g, '');
  let m: RegExpExecArray | null;
  if ((m = /^(\d+(?:\.\d+)?) MiB$/.exec(t))) return Number(m[1]) * 1_048_576;
  if ((m = /^(\d+) days$/.exec(t)) && key.endsWith('Seconds')) return Number(m[1]) * 86_400;
  if ((m = /^(\d+(?:\.\d+)?) [sd]$/.exec(t))) return Number(m[1]);
  if (/^[—-]|\{office|^\d+ days$/.test(t)) return undefined;
  return parseYaml(t) as unknown;
}

const README = readFileSync('README.md', 'utf8');
const KEYS = schemaKeys();
/** A row naming `a`, `a.*` or `a[]` covers what lies below it (a secret's `env`/`file`, a name's `en`/`ko`). */
const covers = (named: string, key: string) => {
  const base = named.replace(/(\.\*|\[\])$/, '');
  return key === base || key.startsWith(`${base}.`) || key.startsWith(`${base}[]`);
};
/** Sections documented in their own file. */
const SECTION_DOCS: Record<string, string> = {
  kiosk: 'docs/kiosk.md', serial: 'docs/serial-protocol.md', cameras: 'docs/cameras.md', voice: 'gateway/bridges/voice/README.md',
};

describe('README configuration table', () => {
  const rows = configRows(README);

  it('reads the table', () => {
    expect(rows.length).toBeGreaterThan(40);
    expect(rows.flatMap((r) => r.keys)).toContain('upstream.tls.rejectUnauthorized');
  });

  it('names only keys the schema has', () => {
    const unknown = rows.flatMap((r) => r.keys).filter((k) => !KEYS.has(k.replace(/(\.\*|\[\])$/, '')));
    expect(unknown).toEqual([]);
  });

  it('quotes the schema\'s defaults', () => {
    const wrong: string[] = [];
    let compared = 0;
    for (const r of rows) {
      // `display.freshness.*` quotes its children's defaults in schema order.
      const keys = r.keys.flatMap((k) => (k.endsWith('.*') ? [...KEYS.keys()].filter((s) => s.startsWith(k.slice(0, -1))) : [k]));
      if (r.defaults.length !== keys.length) continue;
      keys.forEach((key, i) => {
        const quoted = quotedDefault(r.defaults[i]!, key);
        const actual = KEYS.get(key);
        if (quoted === undefined || actual === undefined) return;
        compared++;
        if (JSON.stringify(quoted) !== JSON.stringify(actual)) wrong.push(`${key}: README says ${r.defaults[i]}, the schema ${JSON.stringify(actual)}`);
      });
    }
    expect(wrong).toEqual([]);
    expect(compared).toBeGreaterThan(60);
  });

  it('names every key of the schema (a section with its own doc: there)', () => {
    const named = rows.flatMap((r) => r.keys);
    const docs = new Map(Object.entries(SECTION_DOCS).map(([s, f]) => [s, readFileSync(f, 'utf8')] as const));
    const missing = [...KEYS.keys()].filter((key) => {
      const section = key.split(/[.[]/)[0]!;
      const doc = docs.get(section);
      if (doc) return !doc.includes(key.split('.').pop()!.replace('[]', '')) && !named.some((n) => covers(n, key)) && !README.includes(`\`${key}`);
      const hasChildren = [...KEYS.keys()].some((k) => k.startsWith(`${key}.`) || k.startsWith(`${key}[]`));
      return !hasChildren && !named.some((n) => covers(n, key));
    });
    expect(missing).toEqual([]);
  });
});
