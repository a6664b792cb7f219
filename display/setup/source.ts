// What the setup page shows, as the gateway gives it (the display never
// reaches into a bridge, the host or the process supervisor itself).
import type { RejectedRow, OrderRow } from '../../gateway/store/types.js';
import type { LogLine } from '../../gateway/log/ring.js';
import type { ScreenRow } from '../../gateway/kiosk/heartbeats.js';

export interface BridgeRow { name: string; state: string; since: number | null; restarts: number; lastError: string | null; detail: string | null }

export interface SetupSource {
  bridges(): BridgeRow[];
  /** Each loaded bridge's own panel (HTML, escaped by the bridge, no secret). */
  panels(): Record<string, string>;
  restart(name: string): Promise<boolean>;
  link(): { connected: boolean; since: number | null; demo: boolean };
  /** The walls' heartbeats and their kiosks' restarts; `staleAfterMs`: when a kiosk restarts its browser for want of one. */
  screens(): { rows: ScreenRow[]; staleAfterMs: number };
  lastByKind(): { kind: string; lastMs: number | null }[];
  rejected(): { byReason: Record<string, number>; latest: RejectedRow[] };
  store(): { sizeBytes: number; capBytes: number; warnAtPercent: number; retention: Record<string, number>; tables: { table: string; rows: number }[]; checkpoints: { runs: number; lastMs: number } };
  orders(): { counts: Record<string, number>; latest: OrderRow[] };
  config(): { file: string; yaml: string; problems: string[]; warnings: string[] };
  build(): { version: string; buildId: string; node: string; startedAt: number; pid: number };
  logs(o: { bridge?: string | null; minLevel?: number }): LogLine[];
  logBridges(): string[];
  /** Queues an order marked `test` (the city acknowledges it and acts on nothing). */
  testOrder(principal: string): { id: string };
  /** wake/sleep of the display, when a display power backend exists. */
  power: { available(): boolean; set(on: boolean, principal: string): Promise<void> };
}
