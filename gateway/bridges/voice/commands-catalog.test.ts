import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Bus } from '../../bus.js';
import type { CatalogPort } from '../../catalog/index.js';
import type { VoiceCommand } from './catalogue.js';
import { helpOrder, publishCommands } from './commands-catalog.js';
import type { VoiceService } from './service.js';

const def = { kind: 'indicator-def' as const, key: 'indicator-def:x', ts: 't' };
const reading = { kind: 'urban' as const, key: 'urban:pm25:11230', ts: 't', district: '11230' };
const cmd = (text: string, name: string): VoiceCommand => ({ text, lang: 'en', intent: { name, slots: {} }, action: { action: 'home' } });

function setup() {
  const registered: unknown[][] = [];
  let cameraListener: ((kind: string) => void) | null = null;
  const catalog = {
    register: (_kind: string, list: unknown[]) => void registered.push(list),
    onChange: (fn: (kind: string) => void) => { cameraListener = fn; return () => { cameraListener = null; }; },
  } as unknown as CatalogPort;
  let commands = [cmd('go to pledges', 'page:pledges')];
  const service = { language: 'en', commands: () => commands } as unknown as VoiceService;
  const bus = new Bus(pino({ level: 'silent' }));
  const publisher = publishCommands({ catalog, bus: bus.scope('voice'), log: pino({ level: 'silent' }) }, service);
  return { registered, bus, publisher, setCommands: (c: VoiceCommand[]) => { commands = c; }, camera: () => cameraListener?.('camera') };
}

describe('the voice commands in the catalog', () => {
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });

  it('follow the city\'s names a second after its data arrives, one look per burst of commits', () => {
    const s = setup();
    expect(s.registered).toHaveLength(1);
    s.setCommands([cmd('go to pledges', 'page:pledges'), cmd('go to gangnam', 'district:gangnam')]);
    for (let i = 0; i < 5; i++) s.bus.emit('city:changed', [def]);
    vi.advanceTimersByTime(999);
    expect(s.registered).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(s.registered).toHaveLength(2);
    expect(s.registered[1]).toHaveLength(2);
    // Nothing new: not published again.
    s.bus.emit('city:changed', [def]);
    vi.advanceTimersByTime(1000);
    expect(s.registered).toHaveLength(2);
    s.publisher.stop();
  });

  it('follow cameras at once, and stop listening when stopped', () => {
    const s = setup();
    s.setCommands([cmd('show the gangnam camera', 'camera:gangnam')]);
    s.camera();
    expect(s.registered).toHaveLength(2);
    s.publisher.stop();
    s.setCommands([]);
    s.bus.emit('city:changed', []);
    vi.advanceTimersByTime(20_000);
    expect(s.registered).toHaveLength(2);
  });

  it('never throw from a timer (the store closing under them): logged instead', () => {
    const s = setup();
    s.setCommands(null as unknown as VoiceCommand[]);
    s.bus.emit('city:changed', [def]);
    expect(() => vi.advanceTimersByTime(1000)).not.toThrow();
    s.publisher.stop();
  });

  it('take no look after data that brings no names (a steady feed of readings costs no rebuild)', () => {
    const s = setup();
    let looks = 0;
    const commands = [cmd('go to pledges', 'page:pledges')];
    s.setCommands(new Proxy(commands, { get: (t, k) => { if (k === 'map') looks++; return Reflect.get(t, k); } }));
    for (let i = 0; i < 50; i++) {
      s.bus.emit('city:changed', [reading]);
      vi.advanceTimersByTime(100);
    }
    expect(looks).toBe(0);
    s.bus.emit('city:changed', [reading, def]);
    vi.advanceTimersByTime(1000);
    expect(looks).toBe(1);
    s.bus.emit('city:changed', [def]); // the same catalogue (the service keeps its list while the names stay): not listed again
    vi.advanceTimersByTime(1000);
    expect(looks).toBe(1);
    s.publisher.stop();
  });

  it('spread over kinds first (the overlay shows the first dozen)', () => {
    expect(helpOrder([{ intent: 'page:a' }, { intent: 'page:b' }, { intent: 'next' }]).map((c) => c.intent)).toEqual(['page:a', 'next', 'page:b']);
  });
});
