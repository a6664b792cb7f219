// The short cue the wall shows when it heard a gesture ("← next page"), in
// both office languages. One table: a glyph per gesture, a label per action.
import type { ActionInput, ActionName } from '../../actions/vocabulary.js';
import type { GestureSlug, InputKey } from './gestures.js';

export type Lang = 'en' | 'ko';
export type Cue = Readonly<Record<Lang, string>>;

const GLYPHS: Readonly<Partial<Record<GestureSlug, string>>> = {
  'swipe-left': '←',
  'swipe-right': '→',
  'swipe-up': '↑',
  'swipe-down': '↓',
  'circle-cw': '↻',
  'circle-ccw': '↺',
};

export const ACTION_LABELS: Readonly<Record<ActionName, Cue>> = {
  navigate: { en: 'go to page', ko: '페이지 이동' },
  'select-district': { en: 'select district', ko: '자치구 선택' },
  'next-page': { en: 'next page', ko: '다음 페이지' },
  'previous-page': { en: 'previous page', ko: '이전 페이지' },
  back: { en: 'back', ko: '뒤로' },
  home: { en: 'home', ko: '처음으로' },
  open: { en: 'open', ko: '열기' },
  'open-first': { en: 'open first item', ko: '첫 항목 열기' },
  close: { en: 'close', ko: '닫기' },
  'next-district': { en: 'next district', ko: '다음 자치구' },
  'previous-district': { en: 'previous district', ko: '이전 자치구' },
  'next-metric': { en: 'next metric', ko: '다음 지표' },
  'open-camera': { en: 'open camera', ko: '카메라 열기' },
  'open-nearest-camera': { en: 'nearest camera', ko: '가까운 카메라' },
  'close-camera': { en: 'close camera', ko: '카메라 닫기' },
  'next-camera': { en: 'next camera', ko: '다음 카메라' },
  'previous-camera': { en: 'previous camera', ko: '이전 카메라' },
  wake: { en: 'wake', ko: '화면 켜기' },
  sleep: { en: 'sleep', ko: '화면 끄기' },
  'keep-awake': { en: 'keep awake', ko: '화면 켜 두기' },
  listen: { en: 'listening', ko: '듣는 중' },
  mute: { en: 'mute', ko: '음소거' },
  unmute: { en: 'unmute', ko: '음소거 해제' },
  order: { en: 'order', ko: '지시' },
  'show-help': { en: 'help', ko: '도움말' },
  'hide-help': { en: 'hide help', ko: '도움말 닫기' },
  confirm: { en: 'confirm', ko: '확인' },
  cancel: { en: 'cancel', ko: '취소' },
  caption: { en: 'caption', ko: '자막' },
};

/** The cue for what `key` did, or null when it did nothing. */
export function cueFor(key: InputKey, action: ActionInput | null): Cue | null {
  if (!action) return null;
  const label = ACTION_LABELS[action.action];
  const glyph = GLYPHS[key as GestureSlug];
  return glyph ? { en: `${glyph} ${label.en}`, ko: `${glyph} ${label.ko}` } : label;
}
