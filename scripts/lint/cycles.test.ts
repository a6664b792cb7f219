// No import circles between source files (docs/architecture.md: each room
// imports downwards only, and inside a room files do as well).
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../rig/repo.js';
import { circles, importGraph, relativeImports } from './cycles.js';

describe('import circles', () => {
  it('has none between the source files', () => {
    const found = circles(importGraph(REPO_ROOT)).map((c) => c.join(' ⇄ '));
    expect(found, `these files import each other (move the shared names into a file both import):\n${found.join('\n')}`).toEqual([]);
  });

  it('reads every kind of import and finds a circle of any length', () => {
    const text = `import type { A } from './a.js';\nimport { b } from "../b.js";\nexport { c } from './c.js';\nexport * from './d.js';\nconst e = await import('./e.js');\nimport x from 'node:fs';\n`;
    expect(relativeImports('x.ts', text)).toEqual(['./a.js', '../b.js', './c.js', './d.js', './e.js']);
    const graph = new Map([['a', ['b']], ['b', ['c']], ['c', ['a', 'd']], ['d', []], ['e', ['e']], ['f', ['a']]]);
    expect(circles(graph)).toEqual([['a', 'b', 'c'], ['e']]);
    expect(circles(new Map([['a', ['b']], ['b', []]]))).toEqual([]);
  });

  it('builds the graph from this repository (a check that reads nothing would pass)', () => {
    const graph = importGraph(REPO_ROOT);
    expect(graph.size).toBeGreaterThan(300);
    expect(graph.get('gateway/main.ts')?.length).toBeGreaterThan(3);
    expect(graph.get('display/pages/index.ts')).toContain('display/pages/page-model.ts');
  });
});
