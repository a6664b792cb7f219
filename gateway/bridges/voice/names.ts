// What the voice catalogue is generated from: the names the wall shows (given
// by the host from the catalog of names and the store) and what the running
// configuration can do. Plain data, so the catalogue is a pure function of it.
import type { TOP_PAGES } from '../../actions/vocabulary.js';

export type TopPage = (typeof TOP_PAGES)[number];

export interface Bilingual { readonly en: string; readonly ko: string }

/**
 * A name as shown, and how it is said. `spoken`: the English phrasings to
 * recognise (plain words, no digits); without it, `en` lower-cased with its
 * punctuation and parentheses removed — a name that still holds digits or other
 * symbols then has no English command (listed in the catalogue's `skipped`).
 */
export interface SpokenName extends Bilingual { readonly spoken?: readonly string[] }

/** Lists whose first item can be opened by voice ("open the first incident"). */
export type ListKind = 'incident' | 'complaint' | 'poll' | 'pledge';

export interface VoiceNames {
  /** Top-level pages, and how many sub-pages to offer by ordinal ("second page of pledges"; 1 = none). */
  readonly pages: readonly { readonly page: TopPage; readonly name: SpokenName; readonly subPages: number }[];
  /** Districts by KOSTAT code; `name.en` romanised ("Gangnam-gu": the "-gu" is dropped when spoken). */
  readonly districts: readonly { readonly code: string; readonly name: SpokenName }[];
  /** Indicator categories (the admin page's and each district's sub-views). */
  readonly categories: readonly { readonly id: string; readonly name: SpokenName }[];
  /** The most used indicators (each opens on its category's page). */
  readonly indicators: readonly { readonly id: string; readonly category: string; readonly name: SpokenName }[];
  /** The urban page's map metrics. */
  readonly metrics: readonly { readonly id: string; readonly name: SpokenName }[];
  /** Configured cameras. */
  readonly cameras: readonly { readonly id: string; readonly name: SpokenName }[];
  /** Main lists of pages: "open the first incident" goes to `page`, then opens its first item. */
  readonly lists: readonly { readonly kind: ListKind; readonly page: TopPage; readonly name: Bilingual }[];
  /**
   * Orders by voice: fixed templates (gateway/actions/order-templates.ts) about
   * the open item, with their phrasings ("ask for a report on this incident");
   * the actions service fills in the open item and holds every order for
   * confirmation.
   */
  readonly orderTemplates: readonly { readonly id: string; readonly en: readonly string[]; readonly ko: readonly string[] }[];
}

/** What the running configuration supports: no command is generated for an action it cannot carry out. */
export interface VoiceCapabilities {
  /** At least one camera is configured. */
  readonly cameras: boolean;
  /** Orders can be sent to the city (the upstream bridge's orders port). */
  readonly orders: boolean;
  /** A display power backend (wake, sleep, keep awake). */
  readonly displayPower: boolean;
  /** The help overlay. */
  readonly help: boolean;
}

export interface CatalogInput {
  readonly names: VoiceNames;
  readonly capabilities: VoiceCapabilities;
}
