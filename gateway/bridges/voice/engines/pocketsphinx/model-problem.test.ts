import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configWarnings, parseConfig } from '../../../../config/load.js';
import { DEFAULT_MODEL, modelProblem } from './args.js';

const dir = mkdtempSync(join(tmpdir(), 'scpm-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a configured voice.model without its files', () => {
  it('names the files that are missing and how to fix voice.model; the default (null) and a complete folder are fine', () => {
    expect(modelProblem(null)).toBeNull();
    expect(modelProblem(DEFAULT_MODEL)).toBeNull(); // pocketsphinx-en-us, installed by the test command
    const partial = join(dir, 'partial');
    mkdirSync(join(partial, 'en-us'), { recursive: true });
    writeFileSync(join(partial, 'en-us-phone.lm.bin'), '');
    expect(modelProblem(partial)).toBe(`voice.model: ${join(partial, 'cmudict-en-us.dict')} is missing (voice.model is "${partial}": set it to the folder holding en-us/ and cmudict-en-us.dict (such as ${DEFAULT_MODEL}), or to null for that default)`);
    writeFileSync(join(partial, 'cmudict-en-us.dict'), '');
    expect(modelProblem(partial)).toBeNull();
  });

  it('is a warning of check-config and the start log, not a refusal of the file', () => {
    const c = parseConfig(`office: { id: a }\nvoice: { model: ${join(dir, 'nothing')} }\n`, '/etc/scpm-edge/office.yaml', {});
    expect(configWarnings(c).filter((w) => w.includes('voice.model'))).toEqual([
      expect.stringMatching(/^\/etc\/scpm-edge\/office\.yaml: warning: voice\.model: .*\/nothing\/en-us, .*\/nothing\/cmudict-en-us\.dict, .*\/nothing\/en-us-phone\.lm\.bin are missing \(voice\.model is /),
    ]);
  });
});
