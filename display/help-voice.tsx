// /help/voice: every voice command the wall answers, both phrasings of each
// meaning side by side, what it does, and which language the running engine
// hears. Read from the catalog (the voice bridge registers them); a plain,
// static page for the technician and the official.
import type { VoiceCommandEntry } from '../gateway/catalog/index.js';
import type { Lang } from './i18n.js';

const TEXT = {
  title: { en: 'Voice commands', ko: '음성 명령' },
  none: {
    en: 'Voice commands are off: no speech engine is installed or voice.enabled is false (apt-get install pocketsphinx pocketsphinx-en-us).',
    ko: '음성 명령이 꺼져 있습니다: 음성 엔진이 설치되지 않았거나 voice.enabled 가 false 입니다.',
  },
  heard: { en: 'heard', ko: '인식' },
  listed: { en: 'listed only (no engine for this language)', ko: '목록만 (이 언어의 엔진 없음)' },
  does: { en: 'does', ko: '동작' },
} as const;

interface Row { intent: string; en: VoiceCommandEntry[]; ko: VoiceCommandEntry[]; action: string }

/** Commands grouped by meaning, in the catalog's order. */
export function voiceHelpRows(commands: readonly VoiceCommandEntry[]): Row[] {
  const rows = new Map<string, Row>();
  for (const c of commands) {
    let r = rows.get(c.intent);
    if (!r) rows.set(c.intent, (r = { intent: c.intent, en: [], ko: [], action: c.action }));
    r[c.lang].push(c);
  }
  return [...rows.values()];
}

const phrasings = (list: VoiceCommandEntry[], lang: Lang) => list.map((c) => <li lang={lang} data-heard={c.heard ? 'true' : 'false'}>“{c.text}”</li>);

export function VoiceHelpPage(p: { lang: Lang; commands: readonly VoiceCommandEntry[] }) {
  const { lang, commands } = p;
  const rows = voiceHelpRows(commands);
  const heard = (l: Lang) => commands.some((c) => c.lang === l && c.heard);
  const note = (l: Lang) => (heard(l) ? TEXT.heard[lang] : TEXT.listed[lang]);
  return (
    <html lang={lang}>
      <head><meta charset="utf-8" /><title>{TEXT.title[lang]}</title><link rel="stylesheet" href="/assets/wall.css" /></head>
      <body class="plain">
        <main class="plain voice-help">
          <h1>{TEXT.title[lang]} <span class="second">{TEXT.title[lang === 'en' ? 'ko' : 'en']}</span></h1>
          {rows.length === 0 ? <p>{TEXT.none[lang]}</p> : (
            <>
              <p data-count={String(commands.filter((c) => c.heard).length)}>
                {commands.filter((c) => c.lang === 'en').length} English ({note('en')}), {commands.filter((c) => c.lang === 'ko').length} 한국어 ({note('ko')})
              </p>
              <table class="compact">
                <thead><tr><th>English</th><th>한국어</th><th>{TEXT.does[lang]}</th></tr></thead>
                <tbody>{rows.map((r) => <tr data-intent={r.intent}><td><ul>{phrasings(r.en, 'en')}</ul></td><td><ul>{phrasings(r.ko, 'ko')}</ul></td><td><code>{r.action}</code></td></tr>)}</tbody>
              </table>
            </>
          )}
          <p><a href="/">←</a></p>
        </main>
      </body>
    </html>
  );
}
