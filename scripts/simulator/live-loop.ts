// The simulator's live loop: urban readings district by district, incidents
// and complaints as they appear and move on, poll tallies that changed,
// trends and pledges in turn; each on its own period divided by the rate,
// paused while a snapshot is sent.
import { CITY, DISTRICT_CODES } from './districts.js';
import { complaintChangeMessages, incidentChangeMessages, pledgeMessages, pollMessages, trendMessages, urbanMessages, type GenerateOptions, type SimMessage } from './generate.js';

const URBAN_PERIOD_MS = 5000;
const ENTITY_PERIOD_MS = 1000;
const POLL_PERIOD_MS = 4000;
const TREND_PERIOD_MS = 45_000;
const PLEDGE_PERIOD_MS = 180_000;
const STATS_LOG_PERIOD_MS = 60_000;

export interface LiveLoopOptions {
  gen: GenerateOptions;
  clock: () => Date;
  rate: number;
  logger: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };
  /** Where entity changes are sent from: a snapshot moves it to its own instant, each tick to its own. */
  cursor: { entitiesMs: number };
  /** True while nothing may be sent (stopped, or a snapshot is going out). */
  paused: () => boolean;
  publish: (messages: readonly SimMessage[]) => void;
  stats: () => object;
}

export class LiveLoop {
  private readonly timers: NodeJS.Timeout[] = [];
  private urbanIndex = 0;
  private trendIndex = 0;
  private pledgeIndex = 0;
  private readonly lastPoll = new Map<string, string>();

  constructor(private readonly o: LiveLoopOptions) {
    const districts = [...DISTRICT_CODES, CITY];
    // One district per tick, so each gets fresh readings every 5 s, spread evenly.
    this.every(URBAN_PERIOD_MS / districts.length, () => {
      const d = districts[this.urbanIndex++ % districts.length]!;
      o.publish(urbanMessages(o.clock(), o.gen, [d]));
    });
    this.every(ENTITY_PERIOD_MS, () => this.entities());
    this.every(POLL_PERIOD_MS, () => this.polls());
    // Trends two at a time and pledges one at a time, in turn.
    this.every(TREND_PERIOD_MS, () => {
      const all = trendMessages(o.clock(), o.gen);
      o.publish([all[this.trendIndex++ % all.length]!, all[this.trendIndex++ % all.length]!]);
    });
    this.every(PLEDGE_PERIOD_MS, () => {
      const all = pledgeMessages(o.clock(), o.gen);
      o.publish([all[this.pledgeIndex++ % all.length]!]);
    });
    // Progress log at a fixed wall-clock pace, whatever the rate.
    this.timers.push(setInterval(() => o.logger.info({ ...o.stats() }, 'live'), STATS_LOG_PERIOD_MS));
    o.logger.info({ rate: o.rate }, 'live loop running');
  }

  stop(): void {
    for (const t of this.timers.splice(0)) clearInterval(t);
  }

  private every(periodMs: number, tick: () => void): void {
    const interval = Math.max(20, Math.round(periodMs / this.o.rate));
    this.timers.push(setInterval(() => {
      if (this.o.paused()) return;
      try {
        tick();
      } catch (err) {
        this.o.logger.warn({ err: (err as Error).message }, 'live tick failed');
      }
    }, interval));
  }

  /** Incidents and complaints: whatever appeared, moved on or expired since the last tick. */
  private entities(): void {
    const now = this.o.clock();
    const cursor = this.o.cursor;
    if (now.getTime() <= cursor.entitiesMs) return;
    const from = new Date(cursor.entitiesMs);
    this.o.publish([...incidentChangeMessages(from, now, this.o.gen), ...complaintChangeMessages(from, now, this.o.gen)]);
    cursor.entitiesMs = now.getTime();
  }

  /** Poll tallies: only polls whose status or votes changed. */
  private polls(): void {
    const changed = pollMessages(this.o.clock(), this.o.gen).filter((m) => {
      const p = m.payload as { id: string; status: string; totalVoters: number };
      const key = `${p.status}:${p.totalVoters}`;
      if (this.lastPoll.get(p.id) === key) return false;
      this.lastPoll.set(p.id, key);
      return true;
    });
    this.o.publish(changed);
  }
}
