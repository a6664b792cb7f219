// The catalog of names: what the office can point at. Bridges register the
// named things they bring (cameras, devices and their gestures, voice
// commands), withdrawn when they stop; the city's data (districts, categories,
// metrics, open items) comes from a provider the display gives. The display,
// the help overlay, the actions service and the voice grammar all read it.
import type { LatLon } from '../actions/navigator.js';

export interface Names { en: string; ko: string }

export interface CameraEntry { id: string; name: Names; district: string | null; location: LatLon | null }
export interface DeviceEntry { id: string; kind: 'gesture' | 'voice' | 'presence' | 'tablet'; screen: string; connected: boolean; gestures: string[] }
export interface GestureEntry { key: string; device: string; screen: string; action: string; cue: Names | null }
/** A voice command: its words, what it does (in words), its meaning (shared by its phrasings), and whether the running engine listens for it. */
export interface VoiceCommandEntry { text: string; lang: 'en' | 'ko'; action: string; intent: string; heard: boolean }

export interface CatalogKinds {
  camera: CameraEntry;
  device: DeviceEntry;
  gesture: GestureEntry;
  'voice-command': VoiceCommandEntry;
}
export type CatalogKind = keyof CatalogKinds;

/** Names that come from the city's data (the display implements this over the store). */
export interface CatalogData {
  districts(): { code: string; name: Names; centre: LatLon | null }[];
  categories(): { id: string; name: Names }[];
  indicators(): { id: string; name: Names; category: string }[];
  metrics(): { id: string; name: Names }[];
  /** Open items of each list (incidents not closed, …), newest first. */
  openItems(): { key: string; title: string }[];
}

/**
 * City message kinds whose arrival can change CatalogData's names: districts and metrics are the display's fixed
 * tables, categories and indicators come from indicator definitions. Anything else (a reading, an incident) never does.
 */
export const NAME_KINDS: ReadonlySet<string> = new Set(['indicator-def']);

const EMPTY_DATA: CatalogData = { districts: () => [], categories: () => [], indicators: () => [], metrics: () => [], openItems: () => [] };

/** Entries one owner may register per kind (a bridge cannot grow it without bound). */
const MAX_PER_OWNER = 5000;

export class Catalog {
  private readonly entries = new Map<CatalogKind, Map<string, unknown[]>>();
  private readonly listeners = new Set<(kind: CatalogKind) => void>();
  private dataProvider: CatalogData = EMPTY_DATA;

  /** Replaces what `owner` registered of `kind`. */
  register<K extends CatalogKind>(owner: string, kind: K, list: readonly CatalogKinds[K][]): void {
    let byOwner = this.entries.get(kind);
    if (!byOwner) this.entries.set(kind, (byOwner = new Map()));
    byOwner.set(owner, list.slice(0, MAX_PER_OWNER));
    this.changed(kind);
  }

  /** Removes everything `owner` registered. */
  withdraw(owner: string): void {
    for (const [kind, byOwner] of this.entries) if (byOwner.delete(owner)) this.changed(kind);
  }

  list<K extends CatalogKind>(kind: K): CatalogKinds[K][] {
    const byOwner = this.entries.get(kind);
    return byOwner ? ([...byOwner.values()].flat() as CatalogKinds[K][]) : [];
  }

  setData(provider: CatalogData): void {
    this.dataProvider = provider;
  }

  get data(): CatalogData {
    return this.dataProvider;
  }

  /** Told when a kind's entries change (e.g. to regenerate the voice grammar); returns the unsubscribe. */
  onChange(fn: (kind: CatalogKind) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private changed(kind: CatalogKind): void {
    for (const fn of [...this.listeners]) {
      try {
        fn(kind);
      } catch {
        // a listener's failure is its own
      }
    }
  }
}

/** What a bridge gets: its registrations, withdrawn when it stops. */
export interface CatalogPort {
  register<K extends CatalogKind>(kind: K, list: readonly CatalogKinds[K][]): void;
  list<K extends CatalogKind>(kind: K): CatalogKinds[K][];
  readonly data: CatalogData;
  onChange(fn: (kind: CatalogKind) => void): () => void;
}

export function scopeCatalog(catalog: Catalog, owner: string): CatalogPort & { dispose(): void } {
  const offs = new Set<() => void>();
  return {
    register: (kind, list) => catalog.register(owner, kind, list),
    list: (kind) => catalog.list(kind),
    get data() {
      return catalog.data;
    },
    onChange(fn) {
      const off = catalog.onChange(fn);
      offs.add(off);
      return () => {
        off();
        offs.delete(off);
      };
    },
    dispose() {
      for (const off of offs) off();
      offs.clear();
      catalog.withdraw(owner);
    },
  };
}
