import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { actionSchema, type ActionInput } from '../../actions/vocabulary.js';
import { isOrderTemplate } from '../../actions/order-templates.js';
import { demoCatalogInput, demoNames } from '../../../scripts/voice/demo-catalog.js';
import { buildCatalogue, intentKey, normalise, speakable, type VoiceCommand } from './catalogue.js';
import { grammarOf } from './engines/types.js';
import { compileGrammar, grammarWords } from './engines/pocketsphinx/grammar.js';
import { lexiconFor } from './engines/pocketsphinx/lexicon.js';
import type { CatalogInput } from './names.js';

const actions = (c: VoiceCommand): ActionInput[] => (Array.isArray(c.action) ? [...c.action] : [c.action as ActionInput]);
const en = (cat: { commands: readonly VoiceCommand[] }) => cat.commands.filter((c) => c.lang === 'en');
const CMUDICT = '/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict';

describe('the voice catalogue', () => {
  const demo = buildCatalogue(demoCatalogInput());

  it('has at least 200 distinct English commands with the demo configuration, and nothing skipped', () => {
    const texts = new Set(en(demo).map((c) => c.text));
    expect(texts.size).toBe(en(demo).length);
    expect(texts.size).toBeGreaterThanOrEqual(200);
    expect(demo.skipped).toEqual([]);
  });

  it('gives every action valid per the action vocabulary (lists run in order)', () => {
    for (const c of demo.commands) {
      const list = actions(c);
      expect(list.length).toBeGreaterThan(0);
      for (const a of list) expect(actionSchema.safeParse(a).success, `${c.text}: ${JSON.stringify(a)}`).toBe(true);
    }
    const first = demo.commands.find((c) => c.text === 'open the first incident');
    expect(first?.action).toEqual([{ action: 'navigate', page: 'urban' }, { action: 'open-first' }]);
  });

  it('says every English intent in Korean too, with the same action', () => {
    const ko = new Map(demo.commands.filter((c) => c.lang === 'ko').map((c) => [intentKey(c.intent), c]));
    for (const c of en(demo)) {
      const k = ko.get(intentKey(c.intent));
      expect(k, `no Korean phrasing for ${intentKey(c.intent)}`).toBeDefined();
      expect(k!.action).toEqual(c.action);
      expect(k!.text).toMatch(/[\uac00-\ud7a3]/);
    }
  });

  it('uses words only (no digits), and each English sentence means one thing', () => {
    const meaning = new Map<string, string>();
    for (const c of en(demo)) {
      expect(c.text).toMatch(/^[a-z' ]+$/);
      const prev = meaning.get(c.text);
      expect(prev === undefined || prev === intentKey(c.intent)).toBe(true);
      meaning.set(c.text, intentKey(c.intent));
    }
  });

  it('has a pronunciation for every word of every English command (cmudict and the hand table)', () => {
    const g = grammarOf(demo.commands, 'en');
    const compiled = compileGrammar(g, lexiconFor(grammarWords(g), readFileSync(CMUDICT, 'utf8')));
    expect(compiled.missing).toEqual([]);
    expect(compiled.sentences.length).toBe(g.sentences.length);
  });

  it('covers the named things: every district, category, camera, list and order template', () => {
    const input = demoCatalogInput();
    const slot = (name: string, key: string) => new Set(en(demo).filter((c) => c.intent.name === name).map((c) => c.intent.slots[key]));
    expect(slot('show-district', 'district').size).toBe(25);
    expect(slot('show-district-category', 'category').size).toBe(input.names.categories.length);
    expect(slot('open-camera', 'camera').size).toBe(input.names.cameras.length);
    expect(slot('open-first-of', 'list').size).toBe(input.names.lists.length);
    expect(slot('order', 'template').size).toBe(input.names.orderTemplates.length);
    const gangnam = en(demo).find((c) => c.text === 'show gangnam');
    expect(gangnam?.action).toEqual({ action: 'navigate', page: 'district', district: '11230' });
    expect(en(demo).find((c) => c.text === 'open the nearest camera')?.action).toEqual({ action: 'open-nearest-camera' });
    expect(en(demo).find((c) => c.text === 'ask for a report on this incident')?.action).toEqual({ action: 'order', template: 'report' });
    for (const t of input.names.orderTemplates) expect(isOrderTemplate(t.id), t.id).toBe(true);
  });

  it('offers no command the configuration cannot carry out', () => {
    const noCameras = buildCatalogue(demoCatalogInput({ cameras: [] }));
    expect(noCameras.commands.filter((c) => actions(c).some((a) => /camera/.test(a.action)))).toEqual([]);
    const base = demoCatalogInput();
    const bare: CatalogInput = { ...base, capabilities: { cameras: true, orders: false, displayPower: false, help: false } };
    const cat = buildCatalogue(bare);
    const used = new Set(cat.commands.flatMap((c) => actions(c).map((a) => a.action)));
    for (const a of ['order', 'wake', 'sleep', 'keep-awake', 'show-help', 'hide-help']) expect(used.has(a as never), a).toBe(false);
    const power = buildCatalogue({ ...base, capabilities: { ...base.capabilities, displayPower: true } });
    expect(power.commands.some((c) => actions(c).some((a) => a.action === 'keep-awake' && a.minutes === 60))).toBe(true);
  });

  it('is a pure function of its input, regenerated when a name changes', () => {
    expect(buildCatalogue(demoCatalogInput())).toEqual(demo);
    const names = demoNames({ cameras: [{ id: 'mapo-bridge', name: { en: 'Mapo Bridge north', ko: '마포대교 북단' } }] });
    const changed = buildCatalogue({ names, capabilities: demoCatalogInput().capabilities });
    expect(changed.commands.some((c) => c.text === 'show the mapo bridge north camera')).toBe(true);
    expect(changed.commands.some((c) => c.text.includes('gangnam station east'))).toBe(false);
    const renamed = demoNames();
    const districts = renamed.districts.map((d) => (d.code === '11230' ? { ...d, name: { ...d.name, en: 'Kangnam-gu' } } : d));
    const cat = buildCatalogue({ names: { ...renamed, districts }, capabilities: demoCatalogInput().capabilities });
    expect(cat.commands.some((c) => c.text === 'show kangnam')).toBe(true);
    expect(cat.commands.some((c) => c.text === 'show gangnam')).toBe(false);
  });

  it('skips (and reports) a name with no English phrasing, and a sentence claimed by two intents', () => {
    const names = demoNames();
    const cat = buildCatalogue({
      names: { ...names, indicators: [{ id: 'x', category: 'jobs', name: { en: 'Index 2024', ko: '지수' } }], categories: [...names.categories, { id: 'dup', name: { en: 'Jobs', ko: '일자리2' } }] },
      capabilities: demoCatalogInput().capabilities,
    });
    expect(cat.skipped.some((s) => s.includes('Index 2024'))).toBe(true);
    expect(cat.skipped.some((s) => s.includes('"show jobs indicators"'))).toBe(true);
    expect(cat.commands.filter((c) => c.text === 'show jobs indicators')).toHaveLength(1);
  });
});

describe('speakable / normalise', () => {
  it('makes names sayable or refuses them', () => {
    expect(speakable('Youth employment rate (15–29)')).toBe('youth employment rate');
    expect(speakable('Culture & tourism')).toBe('culture and tourism');
    expect(speakable("Women's employment rate")).toBe("women's employment rate");
    expect(speakable('PM2.5')).toBeNull();
    expect(speakable('NO₂')).toBeNull();
    expect(normalise('  Show   GANGNAM!  ')).toBe('show gangnam');
  });
});
