import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lexiconFor, readLexicon } from './lexicon.js';

const CMUDICT = '/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict';
const dir = mkdtempSync(join(tmpdir(), 'scpm-lexicon-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('reading the dictionary in pieces', () => {
  it('finds the same pronunciations as reading it whole (the Debian dictionary)', async () => {
    expect(existsSync(CMUDICT), 'pocketsphinx-en-us is installed (scripts/test.sh installs it)').toBe(true);
    const words = ['show', 'the', 'next', 'page', 'gangnam', 'read', 'hello', 'city', 'hall', 'zzznotaword'];
    expect(await readLexicon(CMUDICT, words)).toEqual(lexiconFor(words, readFileSync(CMUDICT, 'utf8')));
  });

  it('keeps an entry cut by a piece boundary, and alternates split across pieces, in order', async () => {
    const filler = Array.from({ length: 5000 }, (_, i) => `filler${i} F IH L ER`).join('\n');
    const file = join(dir, 'd.dict');
    // The boundary falls inside "show SH OW" for some piece size near 64 KiB: put it there and around.
    writeFileSync(file, `${filler.slice(0, 65530)}\nshow SH OW\n${filler.slice(65530)}\nread R EH D\nread(2) R IY D\n`);
    const got = await readLexicon(file, ['show', 'read'], {});
    expect(got.get('show')).toEqual(['SH OW']);
    expect(got.get('read')).toEqual(['R EH D', 'R IY D']);
    expect(got).toEqual(lexiconFor(['show', 'read'], readFileSync(file, 'utf8'), {}));
  });
});
