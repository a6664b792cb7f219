// A voice.model that does not hold a model: the error names the key, the value
// and what the folder must hold — not "apt-get install", which cannot fix a
// wrong path. With no voice.model, installing the packages is the fix.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL, modelFix, modelPaths } from './args.js';
import { INSTALL_HINT } from './batch.js';
import { keyphraseDict } from './work-files.js';

const dir = mkdtempSync(join(tmpdir(), 'scpm-model-errs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a voice model that cannot be read', () => {
  it('a configured voice.model: names the key, its value and what the folder must hold', async () => {
    const model = join(dir, 'no-such-model');
    const fix = modelFix(model);
    expect(fix).toBe(`voice.model is "${model}": set it to the folder holding en-us/ and cmudict-en-us.dict (such as ${DEFAULT_MODEL}), or to null for that default`);
    await expect(keyphraseDict(dir, modelPaths(model).cmudict, {}, 'hello city hall', fix)).rejects.toThrow(
      `cannot read the dictionary ${model}/cmudict-en-us.dict: ENOENT: no such file or directory, open '${model}/cmudict-en-us.dict' (voice.model is "${model}": set it to the folder`,
    );
  });

  it('the default model: the packages to install', () => {
    expect(modelFix(null)).toBe(INSTALL_HINT);
  });
});
