import { describe, expect, it } from 'vitest';
import type { VoiceCommand } from '../catalogue.js';
import { heardCaption, notUnderstoodCaption, suggestions } from './suggest.js';

const cmd = (text: string, name: string, lang: 'en' | 'ko' = 'en'): VoiceCommand => ({ text, lang, intent: { name, slots: {} }, action: { action: 'home' } });
const COMMANDS = [
  cmd('go to the overview', 'page:overview'), cmd('go to pledges', 'page:pledges'), cmd('next page', 'next'), cmd('previous page', 'previous'),
  cmd('show safety in gangnam', 'metric:safety'), cmd('show safety', 'metric:safety'), cmd('공약으로', 'page:pledges', 'ko'),
];

describe('suggestions for what was not understood', () => {
  it('gives three, nearest to what was half-heard first, in the language heard', () => {
    const s = suggestions('show safety in gangdong', COMMANDS, 'en');
    expect(s).toHaveLength(3);
    expect(s[0]).toBe('show safety in gangnam');
    expect(s).not.toContain('공약으로');
  });

  it('spreads over kinds when nothing was heard', () => {
    expect(suggestions('', COMMANDS, 'en')).toEqual(['go to the overview', 'next page', 'previous page']);
  });

  it('never gives more than there are', () => {
    expect(suggestions('', [cmd('next page', 'next')], 'en')).toEqual(['next page']);
  });

  it('captions in both office languages, the office language first', () => {
    expect(notUnderstoodCaption('en', ['a', 'b', 'c'])).toMatch(/^Not understood \(이해하지 못했어요\) — try: “a” · “b” · “c”$/);
    expect(notUnderstoodCaption('ko', ['a'])).toMatch(/^이해하지 못했어요 \(Not understood\)/);
    expect(heardCaption('next page')).toBe('✓ “next page”');
  });
});
