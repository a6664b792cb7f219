import { describe, expect, it } from 'vitest';
import { mirrorBases, mirrorRoot } from './mirror-lang.js';

describe('the public mirror\'s language bases', () => {
  it('finds the root of any of its bases, on either listener', () => {
    expect(['/public', '/public/en', '/public/ko'].map(mirrorRoot)).toEqual(['/public', '/public', '/public']);
    expect(['', '/en', '/ko'].map(mirrorRoot)).toEqual(['', '', '']);
  });

  it('puts the office\'s language at the root and the others under /{lang}', () => {
    expect(mirrorBases('/public/ko', 'en')).toEqual({ en: '/public', ko: '/public/ko' });
    expect(mirrorBases('/public', 'ko')).toEqual({ en: '/public/en', ko: '/public' });
    expect(mirrorBases('/en', 'ko')).toEqual({ en: '/en', ko: '' });
  });
});
