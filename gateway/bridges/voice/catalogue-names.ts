// Commands made from the names the wall shows: pages and their sub-pages,
// districts (alone, with air quality, with a category), city-wide categories,
// indicators, map metrics, the first item of a list, cameras by name.
import type { ActionInput } from '../../actions/vocabulary.js';
import type { CatalogueBuilder } from './catalogue-builder.js';
import type { ListKind, VoiceNames } from './names.js';
import { districtEn, districtKo, speakable, spokenForms } from './phrasing.js';
import { intent } from './voice-command.js';

type Category = VoiceNames['categories'][number];

/** Sub-pages by ordinal stop at the second: "first" and "third" sound alike (and "next page" reaches the rest). */
const ORDINALS: readonly { en: string; ko: string }[] = [{ en: 'first', ko: '첫' }, { en: 'second', ko: '두' }];

const LIST_KO: Record<ListKind, string> = { incident: '사건', complaint: '민원', poll: '투표', pledge: '공약' };

export function pageCommands(b: CatalogueBuilder, pages: VoiceNames['pages']): void {
  for (const p of pages) {
    if (b.unspeakable('page', p.name)) continue;
    const said = spokenForms(p.name);
    const i = intent('show-page', { page: p.page });
    b.en(said.flatMap((s) => [`show the ${s} page`, `go to ${s}`]), i, { action: 'navigate', page: p.page });
    b.ko([`${p.name.ko} 화면 보기`], i, { action: 'navigate', page: p.page });
    for (let sub = 0; sub < Math.min(p.subPages, ORDINALS.length); sub++) {
      if (p.subPages < 2) break;
      const o = ORDINALS[sub]!;
      const si = intent('show-sub-page', { page: p.page, sub: String(sub) });
      b.en(said.map((s) => `${o.en} page of ${s}`), si, { action: 'navigate', page: p.page, sub });
      b.ko([`${p.name.ko} ${o.ko} 번째 쪽`], si, { action: 'navigate', page: p.page, sub });
    }
  }
}

/** The categories that can be said in English (the others are reported as skipped). */
export function speakableCategories(b: CatalogueBuilder, categories: VoiceNames['categories']): Category[] {
  return categories.filter((c) => !b.unspeakable('category', c.name));
}

/** Each district alone, with air quality (the first map metric) and with each category. */
export function districtCommands(b: CatalogueBuilder, names: VoiceNames, categories: readonly Category[]): void {
  for (const d of names.districts) {
    if (b.unspeakable('district', { ...d.name, en: districtEn(d.name.en) })) continue;
    const said = spokenForms(d.name, districtEn);
    const dk = districtKo(d.name.ko);
    const show = intent('show-district', { district: d.code });
    b.en(said.flatMap((s) => [`show ${s}`, `go to ${s}`]), show, { action: 'navigate', page: 'district', district: d.code });
    b.ko([`${dk} 보기`], show, { action: 'navigate', page: 'district', district: d.code });
    const air = intent('show-district-air', { district: d.code });
    const airMetric = names.metrics[0]?.id;
    const airAction: ActionInput = airMetric
      ? { action: 'navigate', page: 'district', district: d.code, metric: airMetric }
      : { action: 'navigate', page: 'district', district: d.code };
    b.en(said.map((s) => `show air quality in ${s}`), air, airAction);
    b.ko([`${dk} 대기질 보기`], air, airAction);
    for (const c of categories) {
      const ci = intent('show-district-category', { district: d.code, category: c.id });
      const a: ActionInput = { action: 'navigate', page: 'district', district: d.code, category: c.id };
      b.en(said.flatMap((s) => spokenForms(c.name).map((cs) => `show ${cs} in ${s}`)), ci, a);
      b.ko([`${dk} ${c.name.ko} 보기`], ci, a);
    }
  }
}

/** City-wide categories, indicators and map metrics. */
export function cityCommands(b: CatalogueBuilder, names: VoiceNames, categories: readonly Category[]): void {
  for (const c of categories) {
    const i = intent('show-category', { category: c.id });
    const a: ActionInput = { action: 'navigate', page: 'admin', category: c.id };
    // "show jobs" alone was heard as "show dobong": the category carries "indicators".
    b.en(spokenForms(c.name).map((s) => `show ${s} indicators`), i, a);
    b.ko([`${c.name.ko} 분야 보기`], i, a);
  }
  for (const ind of names.indicators) {
    if (b.unspeakable('indicator', ind.name)) continue;
    const i = intent('show-indicator', { indicator: ind.id });
    const a: ActionInput = { action: 'navigate', page: 'admin', category: ind.category, item: `indicator:${ind.id}` };
    b.en(spokenForms(ind.name).map((s) => `show ${s}`), i, a);
    b.ko([`${ind.name.ko} 보기`], i, a);
  }
  for (const m of names.metrics) {
    if (b.unspeakable('metric', m.name)) continue;
    const i = intent('show-metric', { metric: m.id });
    const a: ActionInput = { action: 'navigate', page: 'urban', metric: m.id };
    b.en(spokenForms(m.name).map((s) => `show the ${s} map`), i, a);
    b.ko([`${m.name.ko} 지도 보기`], i, a);
  }
}

/** "Open the first incident": its list's page, then its first item. */
export function listCommands(b: CatalogueBuilder, lists: VoiceNames['lists']): void {
  for (const l of lists) {
    const i = intent('open-first-of', { list: l.kind });
    const a: ActionInput[] = [{ action: 'navigate', page: l.page }, { action: 'open-first' }];
    const said = speakable(l.name.en);
    if (said) b.en([`open the first ${said}`, `show the first ${said}`], i, a);
    b.ko([`첫 번째 ${l.name.ko || LIST_KO[l.kind]} 열기`], i, a);
  }
}

export function cameraCommands(b: CatalogueBuilder, cameras: VoiceNames['cameras']): void {
  for (const c of cameras) {
    if (b.unspeakable('camera', c.name)) continue;
    const i = intent('open-camera', { camera: c.id });
    b.en(spokenForms(c.name).flatMap((s) => [`show the ${s} camera`, `open the ${s} camera`]), i, { action: 'open-camera', camera: c.id });
    b.ko([`${c.name.ko} 카메라 보기`], i, { action: 'open-camera', camera: c.id });
  }
}
