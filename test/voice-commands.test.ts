// Every voice command the catalogue generates, carried out against the real
// actions service (through POST /api/v1/actions, as the API answers it): each
// answers 2xx from the state a speaker would be in (an order needs an open
// item; confirm and cancel need something pending). No command names an
// action, a page or an argument the service refuses.
import { describe, expect, it } from 'vitest';
import { setup } from '../display/test-helpers.js';
import { buildCatalogue, catalogInputFrom, type VoiceCommand } from '../gateway/bridges/voice/api.js';
import type { ActionInput } from '../gateway/actions/vocabulary.js';

const CAMERAS = [
  { id: 'cam-gangnam', name: { en: 'Teheran-ro', ko: '테헤란로' }, district: '11230', location: { lat: 37.5098, lon: 127.047 } },
  { id: 'cam-jung', name: { en: 'Eulji-ro', ko: '을지로' }, district: '11020', location: { lat: 37.5575, lon: 127.0086 } },
];

function catalogueOf(t: ReturnType<typeof setup>): readonly VoiceCommand[] {
  t.catalog.register('test-cameras', 'camera', CAMERAS);
  const data = t.catalog.data;
  return buildCatalogue(catalogInputFrom({
    districts: data.districts(), categories: data.categories(), indicators: data.indicators(), metrics: data.metrics(),
    cameras: t.catalog.list('camera').map((c) => ({ id: c.id, name: c.name })),
    capabilities: { orders: true, displayPower: false, help: true, microphone: false },
  })).commands;
}

const ORDER_TEMPLATE = 'more-units';
const list = (a: VoiceCommand['action']): ActionInput[] => (Array.isArray(a) ? [...(a as readonly ActionInput[])] : [a as ActionInput]);

describe('every voice command against the actions service', () => {
  it('answers 2xx for each command (English and Korean), from the state it is said in', async () => {
    const t = setup();
    const commands = catalogueOf(t);
    expect(commands.filter((c) => c.lang === 'en').length).toBeGreaterThanOrEqual(200);
    const failures: string[] = [];
    const byAction = new Map<string, VoiceCommand>();
    for (const c of commands) byAction.set(JSON.stringify(c.action), c); // one dispatch per distinct action sequence
    for (const c of byAction.values()) {
      const steps = list(c.action);
      // The speaker's situation: home, nothing pending; an order is said about an open incident; confirm/cancel answer a pending order.
      await t.act({ action: 'cancel' });
      await t.act({ action: 'navigate', page: 'overview' });
      // "the nearest camera" is said with an incident open; "close the camera" with one open.
      if (steps.some((s) => s.action === 'order' || s.action === 'open-nearest-camera')) {
        await t.act({ action: 'navigate', page: 'urban' });
        await t.act({ action: 'open-first' });
      }
      if (steps[0]!.action === 'close-camera') await t.act({ action: 'open-camera', camera: CAMERAS[0]!.id });
      if (steps[0]!.action === 'confirm' || steps[0]!.action === 'cancel') {
        await t.act({ action: 'navigate', page: 'urban' });
        await t.act({ action: 'open-first' });
        const r = await t.act({ action: 'order', template: ORDER_TEMPLATE, source: 'voice' }); // by voice: held for confirmation
        if (r.status >= 300) failures.push(`(setup for "${c.text}") order → ${r.status} ${await r.text()}`);
      }
      for (const step of steps) {
        const r = await t.act({ ...step, source: 'voice' });
        if (r.status < 200 || r.status >= 300) failures.push(`"${c.text}" (${c.lang}): ${JSON.stringify(step)} → ${r.status} ${await r.text()}`);
      }
    }
    expect(failures).toEqual([]);
    expect(byAction.size).toBeGreaterThan(150);
    t.display.close();
  });
});
