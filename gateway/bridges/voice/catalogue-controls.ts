// Commands with fixed wording: moving around, help, display power, camera
// controls, and orders by their templates' phrasings.
import type { ActionInput } from '../../actions/vocabulary.js';
import type { CatalogueBuilder } from './catalogue-builder.js';
import type { VoiceNames } from './names.js';
import { speakable } from './phrasing.js';
import { intent } from './voice-command.js';

type Fixed = [name: string, en: readonly string[], ko: readonly string[], action: ActionInput];

const MOVING: readonly Fixed[] = [
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
];
const MUTE: Fixed = ['mute', ['stop listening'], ['그만 듣기'], { action: 'mute' }];

/** Pages, districts, items, confirm and cancel; "stop listening" only while a microphone listens. */
export function movingCommands(b: CatalogueBuilder, microphone: boolean): void {
  for (const [name, en, ko, a] of microphone ? [...MOVING, MUTE] : MOVING) {
    b.en(en, intent(name), a);
    b.ko(ko, intent(name), a);
  }
}

export function helpCommands(b: CatalogueBuilder): void {
  b.en(['show help', 'what can i say'], intent('show-help'), { action: 'show-help' });
  b.ko(['도움말 보기'], intent('show-help'), { action: 'show-help' });
  b.en(['hide help', 'close help'], intent('hide-help'), { action: 'hide-help' });
  b.ko(['도움말 닫기'], intent('hide-help'), { action: 'hide-help' });
}

export function displayPowerCommands(b: CatalogueBuilder): void {
  b.en(['wake up'], intent('wake'), { action: 'wake' });
  b.ko(['화면 켜기'], intent('wake'), { action: 'wake' });
  b.en(['go to sleep'], intent('sleep'), { action: 'sleep' });
  b.ko(['화면 끄기'], intent('sleep'), { action: 'sleep' });
  b.en(['stay awake for an hour'], intent('keep-awake', { minutes: '60' }), { action: 'keep-awake', minutes: 60 });
  b.ko(['한 시간 동안 켜 두기'], intent('keep-awake', { minutes: '60' }), { action: 'keep-awake', minutes: 60 });
  b.en(['stay awake for half an hour'], intent('keep-awake', { minutes: '30' }), { action: 'keep-awake', minutes: 30 });
  b.ko(['삼십 분 동안 켜 두기'], intent('keep-awake', { minutes: '30' }), { action: 'keep-awake', minutes: 30 });
}

/** The nearest, next, previous camera and closing it (the cameras by name are in catalogue-names.ts). */
export function cameraControlCommands(b: CatalogueBuilder): void {
  b.en(['show the nearest camera', 'open the nearest camera'], intent('open-nearest-camera'), { action: 'open-nearest-camera' });
  b.ko(['가장 가까운 카메라 보기'], intent('open-nearest-camera'), { action: 'open-nearest-camera' });
  b.en(['next camera'], intent('next-camera'), { action: 'next-camera' });
  b.ko(['다음 카메라'], intent('next-camera'), { action: 'next-camera' });
  b.en(['previous camera'], intent('previous-camera'), { action: 'previous-camera' });
  b.ko(['이전 카메라'], intent('previous-camera'), { action: 'previous-camera' });
  b.en(['close the camera'], intent('close-camera'), { action: 'close-camera' });
  b.ko(['카메라 닫기'], intent('close-camera'), { action: 'close-camera' });
}

/** Orders about the open item: fixed templates, always confirmed by the actions service. */
export function orderCommands(b: CatalogueBuilder, templates: VoiceNames['orderTemplates']): void {
  for (const t of templates) {
    const i = intent('order', { template: t.id });
    const a: ActionInput = { action: 'order', template: t.id };
    b.en(t.en.map((s) => speakable(s)).filter((s): s is string => s !== null), i, a);
    b.ko(t.ko, i, a);
  }
}
