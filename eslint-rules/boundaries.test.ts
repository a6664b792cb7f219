// Each room rule fires on a probe file that breaks it, and stays quiet on one
// that keeps it (the probes are linted as if they lived at those paths).
import { describe, it, expect } from 'vitest';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });

async function ruleIds(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path });
  return result!.messages.map((m) => m.ruleId ?? `(fatal) ${m.message}`);
}

describe('lint boundaries', () => {
  it.each([
    ['display/probe.ts', "import { upstream } from '../gateway/bridges/upstream/index.js';\nexport const x = upstream;\n", 'boundaries/display-no-bridges'],
    ['display/pages/probe.ts', "export const load = () => import('../../gateway/bridges/local-broker/local-broker.js');\n", 'boundaries/display-no-bridges'],
    ['gateway/bridges/upstream/probe.ts', "import { localBroker } from '../local-broker/index.js';\nexport const x = localBroker;\n", 'boundaries/no-cross-bridge'],
    ['gateway/bridges/demo-simulator/deep/probe.ts', "export * from '../../upstream/outbox.js';\n", 'boundaries/no-cross-bridge'],
    ['gateway/bridges/cameras/probe.ts', "import { Page } from '../../../display/layout.js';\nexport const x = Page;\n", 'boundaries/bridge-display-kit-only'],
    ['gateway/http/probe.ts', "import Database from 'better-sqlite3';\nexport const db = new Database(':memory:');\n", 'boundaries/sqlite-only-in-store'],
    ['display/probe.ts', "import type { Store } from '../gateway/store/store.js';\nexport const f = (s: Store) => s.db.prepare('SELECT 1');\n", 'boundaries/store-db-private'],
  ])('%s: %s fires %s', async (path, code, rule) => {
    expect(await ruleIds(path, code)).toContain(rule);
  });

  it.each([
    ['display/probe.ts', "import type { Bus } from '../gateway/bus.js';\nexport type B = Bus;\n"],
    ['gateway/bridges/upstream/probe.ts', "import type { BridgePorts } from '../types.js';\nimport { upstreamSection } from './config.js';\nexport type P = BridgePorts<unknown>;\nexport const s = upstreamSection;\n"],
    ['gateway/bridges/cameras/probe.ts', "import { cameraElementHtml } from '../../../display/kit/camera-element.js';\nexport const x = cameraElementHtml;\n"],
    ['gateway/store/probe.ts', "import Database from 'better-sqlite3';\nexport const f = (s: { db: Database.Database }) => s.db;\n"],
  ])('%s: keeping the rules is quiet', async (path, code) => {
    expect((await ruleIds(path, code)).filter((r) => r.startsWith('boundaries/'))).toEqual([]);
  });
});
