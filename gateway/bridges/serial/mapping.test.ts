import { describe, expect, it } from 'vitest';
import { ACTION_NAMES } from '../../actions/vocabulary.js';
import { serialConfigSchema } from './config.js';
import { ACTION_LABELS, cueFor } from './cues.js';
import { directKey, mapInput } from './mapping.js';

const defaults = serialConfigSchema.parse({}).gestures.actions;

describe('mapping', () => {
  it('maps the defaults of issue #18, with the device screen filled in', () => {
    expect(mapInput('swipe-left', defaults, 'wall')).toEqual({ action: 'next-page', screen: 'wall' });
    expect(mapInput('circle-ccw', defaults, 'lobby')).toEqual({ action: 'previous-district', screen: 'lobby' });
    expect(mapInput('long-touch', defaults, 'wall')).toEqual({ action: 'listen', screen: 'wall' });
    expect(mapInput('button-push-to-talk', defaults, 'wall')).toEqual({ action: 'listen', screen: 'wall' });
  });

  it('maps withdraw, tap and unconfigured pads to nothing', () => {
    expect(mapInput('withdraw', defaults, 'wall')).toBeNull();
    expect(mapInput('tap', defaults, 'wall')).toBeNull();
    expect(mapInput('pad-1', defaults, 'wall')).toBeNull();
  });

  it('keeps a screen named in the table', () => {
    const t = serialConfigSchema.parse({ gestures: { actions: { 'pad-2': { action: 'open-camera', camera: 'gangnam-east', screen: 'lobby' } } } }).gestures.actions;
    expect(mapInput('pad-2', t, 'wall')).toEqual({ action: 'open-camera', camera: 'gangnam-east', screen: 'lobby' });
  });

  it('keys gestures by slug and buttons on press only', () => {
    expect(directKey({ kind: 'gesture', slug: 'grab' })).toBe('grab');
    expect(directKey({ kind: 'button', slug: 'push-to-talk', edge: 'down' })).toBe('button-push-to-talk');
    expect(directKey({ kind: 'button', slug: 'push-to-talk', edge: 'up' })).toBeNull();
    expect(directKey({ kind: 'presence', present: true })).toBeNull();
  });
});

describe('cues', () => {
  it('say what was recognised in both office languages', () => {
    expect(cueFor('swipe-left', { action: 'next-page' })).toEqual({ en: '← next page', ko: '← 다음 페이지' });
    expect(cueFor('circle-cw', { action: 'next-district' })).toEqual({ en: '↻ next district', ko: '↻ 다음 자치구' });
    expect(cueFor('pad-3', { action: 'home' })).toEqual({ en: 'home', ko: '처음으로' });
    expect(cueFor('tap', null)).toBeNull();
  });

  it('have a label in both languages for every action of the vocabulary', () => {
    for (const name of ACTION_NAMES) {
      expect(ACTION_LABELS[name].en.length, name).toBeGreaterThan(0);
      expect(ACTION_LABELS[name].ko, name).toMatch(/[가-힣]/);
    }
  });
});
