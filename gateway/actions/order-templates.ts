// Orders by voice or gesture are fixed templates about the open item (never
// free text), and always need confirmation.
import { clockInZone } from '../util/time.js';
export const ORDER_TEMPLATES = {
  report: { en: 'Report on {ref} by {time}', ko: '{ref} 건, {time}까지 보고 바랍니다' },
  'status-update': { en: 'Send a status update on {ref}', ko: '{ref} 건의 진행 상황을 알려 주십시오' },
  'site-visit': { en: 'Arrange a site visit for {ref}', ko: '{ref} 건 현장 방문을 준비해 주십시오' },
  'more-units': { en: 'Consider more units for {ref}', ko: '{ref} 건에 추가 인력 투입을 검토해 주십시오' },
} as const;

export type OrderTemplate = keyof typeof ORDER_TEMPLATES;

export const isOrderTemplate = (t: string): t is OrderTemplate => Object.hasOwn(ORDER_TEMPLATES, t);

/** The order's text in the office language; `time` is two hours from now, as the office reads a clock. */
export function orderText(template: OrderTemplate, ref: string, lang: 'en' | 'ko', nowMs: number, timeZone: string): string {
  const time = clockInZone(nowMs + 2 * 3_600_000, timeZone);
  return ORDER_TEMPLATES[template][lang].replace('{ref}', ref).replace('{time}', time);
}
