// The voice command catalogue: every sentence the wall answers, generated from
// the names it shows and what the configuration supports (a pure function of
// its input, so it is regenerated whenever a name changes). English sentences
// are recognised; Korean ones are listed with the same intents and actions and
// recognised once a Korean engine is configured.
//
// Words are chosen to sound distinct: names instead of numbers ("second page",
// "the nearest camera"), and every name inside a carrier phrase ("show …"), so
// no command is a lone short word. `select-district` has no phrasing: it shows
// the district page as "show X" does, and "select X" was heard as "go to X".
import type { ActionInput } from '../../actions/vocabulary.js';
import type { CatalogInput, ListKind, SpokenName } from './names.js';

export type Lang = 'en' | 'ko';

/** What a command means, independent of its wording (shared by its English and Korean phrasings). */
export interface Intent {
  readonly name: string;
  readonly slots: Readonly<Record<string, string>>;
}

export interface VoiceCommand {
  readonly text: string;
  readonly lang: Lang;
  readonly intent: Intent;
  /** One action, or a list carried out in order. */
  readonly action: ActionInput | readonly ActionInput[];
}

export interface Catalogue {
  readonly commands: readonly VoiceCommand[];
  /** Names with no English phrasing (digits or symbols and no `spoken`), and sentences dropped as duplicates of another intent. */
  readonly skipped: readonly string[];
}

/** Sub-pages by ordinal stop at the second: "first" and "third" sound alike (and "next page" reaches the rest). */
const ORDINALS: readonly { en: string; ko: string }[] = [{ en: 'first', ko: '첫' }, { en: 'second', ko: '두' }];

const LIST_KO: Record<ListKind, string> = { incident: '사건', complaint: '민원', poll: '투표', pledge: '공약' };

/** Lower-case words only: "Youth employment rate (15–29)" → "youth employment rate"; null when digits or symbols remain. */
export function speakable(text: string): string | null {
  const s = text
    .toLowerCase()
    .replace(/\([^)]*\)/g, ' ')
    .replace(/&/g, ' and ')
    // Dashes (U+2010..U+2015), the middle dot, punctuation; the typographic apostrophe (U+2019).
    .replace(/[\u2010-\u2015\-/\u00b7,.:;!?]/g, ' ')
    .replace(/\u2019/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
  return /^[a-z]+(?:'[a-z]+)?(?: [a-z]+(?:'[a-z]+)?)*$/.test(s) ? s : null;
}

/** The spoken forms of a name: its `spoken` list, else its English name made speakable. */
function spokenForms(name: SpokenName, fallback: (en: string) => string = (en) => en): string[] {
  const raw = name.spoken && name.spoken.length > 0 ? name.spoken : [fallback(name.en)];
  return raw.map(speakable).filter((s): s is string => s !== null);
}

/**
 * How a district is said: its romanised name without "-gu" ("Gangnam-gu" →
 * "gangnam"), except a one-syllable name, which keeps it ("Jung-gu" → "junggu"):
 * alone it is a common word, nobody says it so, and it was heard as other names.
 */
export function districtEn(en: string): string {
  const bare = en.replace(/-gu$/i, '');
  const syllables = bare.toLowerCase().match(/[aeiouy]+/g)?.length ?? 0;
  return syllables <= 1 && bare !== en ? `${bare}gu` : bare;
}
const districtKo = (ko: string): string => ko;

class Builder {
  readonly commands: VoiceCommand[] = [];
  readonly skipped: string[] = [];
  private readonly byText = new Map<string, string>();

  add(lang: Lang, texts: readonly string[], intent: Intent, action: ActionInput | readonly ActionInput[]): void {
    const key = intentKey(intent);
    for (const raw of texts) {
      const text = normalise(raw);
      if (!text) continue;
      const seen = this.byText.get(`${lang}\u0000${text}`);
      if (seen === key) continue;
      if (seen !== undefined) {
        this.skipped.push(`"${text}" (${lang}): already means ${seen}, not ${key}`);
        continue;
      }
      this.byText.set(`${lang}\u0000${text}`, key);
      this.commands.push({ text, lang, intent, action });
    }
  }

  /** Records a name with no English phrasing. */
  unspeakable(kind: string, name: SpokenName): boolean {
    if (spokenForms(name).length > 0) return false;
    this.skipped.push(`${kind} "${name.en}": no English phrasing (give it a spoken form)`);
    return true;
  }
}

/** The form commands are compared in: lower case, single spaces, no punctuation. */
export function normalise(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/[^\p{L}\p{N}' ]+/gu, ' ').replace(/\s+/g, ' ').trim();
}

export function intentKey(intent: Intent): string {
  const slots = Object.keys(intent.slots).sort().map((k) => `${k}=${intent.slots[k]}`);
  return slots.length ? `${intent.name}(${slots.join(',')})` : intent.name;
}

const intent = (name: string, slots: Record<string, string> = {}): Intent => ({ name, slots });

/** Builds the catalogue. Pure: the same input gives the same commands, in the same order. */
export function buildCatalogue(input: CatalogInput): Catalogue {
  const { names, capabilities: cap } = input;
  const b = new Builder();
  const en = (texts: readonly string[], i: Intent, a: ActionInput | readonly ActionInput[]) => b.add('en', texts, i, a);
  const ko = (texts: readonly string[], i: Intent, a: ActionInput | readonly ActionInput[]) => b.add('ko', texts, i, a);

  // Moving around.
  const fixed: [string, readonly string[], readonly string[], ActionInput][] = [
    ['next-page', ['next page'], ['다음 페이지'], { action: 'next-page' }],
    ['previous-page', ['previous page'], ['이전 페이지'], { action: 'previous-page' }],
    ['back', ['go back'], ['뒤로 가기'], { action: 'back' }],
    ['home', ['go home', 'home screen'], ['처음 화면'], { action: 'home' }],
    ['close', ['close this', 'close it'], ['닫기'], { action: 'close' }],
    ['next-district', ['next district'], ['다음 자치구'], { action: 'next-district' }],
    ['previous-district', ['previous district'], ['이전 자치구'], { action: 'previous-district' }],
    ['next-metric', ['next measure', 'change the map'], ['다음 지도'], { action: 'next-metric' }],
    ['open-first', ['open the first one', 'open the first item'], ['첫 번째 항목 열기'], { action: 'open-first' }],
    ['confirm', ['confirm', 'yes confirm'], ['확인'], { action: 'confirm' }],
    ['cancel', ['cancel', 'cancel that'], ['취소'], { action: 'cancel' }],
    ['mute', ['stop listening'], ['그만 듣기'], { action: 'mute' }],
  ];
  for (const [name, e, k, a] of fixed) {
    en(e, intent(name), a);
    ko(k, intent(name), a);
  }
  if (cap.help) {
    en(['show help', 'what can i say'], intent('show-help'), { action: 'show-help' });
    ko(['도움말 보기'], intent('show-help'), { action: 'show-help' });
    en(['hide help', 'close help'], intent('hide-help'), { action: 'hide-help' });
    ko(['도움말 닫기'], intent('hide-help'), { action: 'hide-help' });
  }
  if (cap.displayPower) {
    en(['wake up'], intent('wake'), { action: 'wake' });
    ko(['화면 켜기'], intent('wake'), { action: 'wake' });
    en(['go to sleep'], intent('sleep'), { action: 'sleep' });
    ko(['화면 끄기'], intent('sleep'), { action: 'sleep' });
    en(['stay awake for an hour'], intent('keep-awake', { minutes: '60' }), { action: 'keep-awake', minutes: 60 });
    ko(['한 시간 동안 켜 두기'], intent('keep-awake', { minutes: '60' }), { action: 'keep-awake', minutes: 60 });
    en(['stay awake for half an hour'], intent('keep-awake', { minutes: '30' }), { action: 'keep-awake', minutes: 30 });
    ko(['삼십 분 동안 켜 두기'], intent('keep-awake', { minutes: '30' }), { action: 'keep-awake', minutes: 30 });
  }

  // Pages and their sub-pages.
  for (const p of names.pages) {
    if (b.unspeakable('page', p.name)) continue;
    const said = spokenForms(p.name);
    const i = intent('show-page', { page: p.page });
    en(said.flatMap((s) => [`show the ${s} page`, `go to ${s}`]), i, { action: 'navigate', page: p.page });
    ko([`${p.name.ko} 화면 보기`], i, { action: 'navigate', page: p.page });
    for (let sub = 0; sub < Math.min(p.subPages, ORDINALS.length); sub++) {
      if (p.subPages < 2) break;
      const o = ORDINALS[sub]!;
      const si = intent('show-sub-page', { page: p.page, sub: String(sub) });
      en(said.map((s) => `${o.en} page of ${s}`), si, { action: 'navigate', page: p.page, sub });
      ko([`${p.name.ko} ${o.ko} 번째 쪽`], si, { action: 'navigate', page: p.page, sub });
    }
  }

  // Districts, alone and with a category or air quality.
  const categories = names.categories.filter((c) => !b.unspeakable('category', c.name));
  for (const d of names.districts) {
    if (b.unspeakable('district', { ...d.name, en: districtEn(d.name.en) })) continue;
    const said = spokenForms(d.name, districtEn);
    const dk = districtKo(d.name.ko);
    const show = intent('show-district', { district: d.code });
    en(said.flatMap((s) => [`show ${s}`, `go to ${s}`]), show, { action: 'navigate', page: 'district', district: d.code });
    ko([`${dk} 보기`], show, { action: 'navigate', page: 'district', district: d.code });
    const air = intent('show-district-air', { district: d.code });
    const airMetric = names.metrics[0]?.id;
    const airAction: ActionInput = airMetric
      ? { action: 'navigate', page: 'district', district: d.code, metric: airMetric }
      : { action: 'navigate', page: 'district', district: d.code };
    en(said.map((s) => `show air quality in ${s}`), air, airAction);
    ko([`${dk} 대기질 보기`], air, airAction);
    for (const c of categories) {
      const ci = intent('show-district-category', { district: d.code, category: c.id });
      const a: ActionInput = { action: 'navigate', page: 'district', district: d.code, category: c.id };
      en(said.flatMap((s) => spokenForms(c.name).map((cs) => `show ${cs} in ${s}`)), ci, a);
      ko([`${dk} ${c.name.ko} 보기`], ci, a);
    }
  }

  // City-wide categories, indicators and map metrics.
  for (const c of categories) {
    const i = intent('show-category', { category: c.id });
    const a: ActionInput = { action: 'navigate', page: 'admin', category: c.id };
    // "show jobs" alone was heard as "show dobong": the category carries "indicators".
    en(spokenForms(c.name).map((s) => `show ${s} indicators`), i, a);
    ko([`${c.name.ko} 분야 보기`], i, a);
  }
  for (const ind of names.indicators) {
    if (b.unspeakable('indicator', ind.name)) continue;
    const i = intent('show-indicator', { indicator: ind.id });
    const a: ActionInput = { action: 'navigate', page: 'admin', category: ind.category, item: `indicator:${ind.id}` };
    en(spokenForms(ind.name).map((s) => `show ${s}`), i, a);
    ko([`${ind.name.ko} 보기`], i, a);
  }
  for (const m of names.metrics) {
    if (b.unspeakable('metric', m.name)) continue;
    const i = intent('show-metric', { metric: m.id });
    const a: ActionInput = { action: 'navigate', page: 'urban', metric: m.id };
    en(spokenForms(m.name).map((s) => `show the ${s} map`), i, a);
    ko([`${m.name.ko} 지도 보기`], i, a);
  }

  // Open items.
  for (const l of names.lists) {
    const i = intent('open-first-of', { list: l.kind });
    const a: ActionInput[] = [{ action: 'navigate', page: l.page }, { action: 'open-first' }];
    const said = speakable(l.name.en);
    if (said) en([`open the first ${said}`, `show the first ${said}`], i, a);
    ko([`첫 번째 ${l.name.ko || LIST_KO[l.kind]} 열기`], i, a);
  }

  // Cameras.
  if (cap.cameras && names.cameras.length > 0) {
    en(['show the nearest camera', 'open the nearest camera'], intent('open-nearest-camera'), { action: 'open-nearest-camera' });
    ko(['가장 가까운 카메라 보기'], intent('open-nearest-camera'), { action: 'open-nearest-camera' });
    en(['next camera'], intent('next-camera'), { action: 'next-camera' });
    ko(['다음 카메라'], intent('next-camera'), { action: 'next-camera' });
    en(['previous camera'], intent('previous-camera'), { action: 'previous-camera' });
    ko(['이전 카메라'], intent('previous-camera'), { action: 'previous-camera' });
    en(['close the camera'], intent('close-camera'), { action: 'close-camera' });
    ko(['카메라 닫기'], intent('close-camera'), { action: 'close-camera' });
    for (const c of names.cameras) {
      if (b.unspeakable('camera', c.name)) continue;
      const i = intent('open-camera', { camera: c.id });
      en(spokenForms(c.name).flatMap((s) => [`show the ${s} camera`, `open the ${s} camera`]), i, { action: 'open-camera', camera: c.id });
      ko([`${c.name.ko} 카메라 보기`], i, { action: 'open-camera', camera: c.id });
    }
  }

  // Orders about the open item: fixed templates, always confirmed by the actions service.
  if (cap.orders) {
    for (const t of names.orderTemplates) {
      const i = intent('order', { template: t.id });
      const a: ActionInput = { action: 'order', template: t.id };
      en(t.en.map((s) => speakable(s)).filter((s): s is string => s !== null), i, a);
      ko(t.ko, i, a);
    }
  }

  return { commands: b.commands, skipped: b.skipped };
}
