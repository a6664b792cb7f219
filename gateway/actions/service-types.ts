// The actions service's ports and results: where it keeps screens and the
// action log, where orders go, and what a dispatch returns.
import type { BusPort } from '../bus.js';
import type { Logger } from '../logger.js';
import type { ActionLogRow } from '../store/types.js';
import type { Catalog } from '../catalog/index.js';
import type { Source } from './vocabulary.js';
import type { Navigator } from './navigator.js';
import type { publicState, ScreenRecord } from './state.js';

/** Where the service keeps screens and the action log (the store). */
export interface ActionsStore {
  getScreen<T>(id: string): T | null;
  setScreen(id: string, state: unknown, nowMs: number): void;
  recordAction(e: Omit<ActionLogRow, 'id'>): void;
  listActions(o?: { limit?: number; offset?: number }): ActionLogRow[];
}

/** Queues an order for the city (the store's outbox); returns its id. */
export type OrderSink = (o: { text: string; ref: string | null; screen: string; via: Source; principal: string }) => { id: string };

export interface ActionsOptions {
  store: ActionsStore;
  bus: BusPort;
  catalog: Catalog;
  log: Logger;
  /** The display's view of its data; set once the display exists (before any dispatch). */
  navigator: () => Navigator;
  /** Screens that exist: the configured ones and the paired devices'. */
  screens: () => readonly string[];
  orders: OrderSink;
  office: { language: 'en' | 'ko'; timeZone: string };
  confirmMs?: number;
  captionMs?: number;
  listenMs?: number;
  now?: () => number;
}

/** A screen's state as the display, the API and the bus see it. */
export type ScreenState = ReturnType<typeof publicState>;

export type DispatchResult = { screen: string; record: ScreenRecord; outcome: 'done' | 'pending'; orderId?: string };

export interface DispatchOptions {
  /** Hold the action until someone confirms it (orders always need it). */
  confirm?: boolean;
}
