// What a bench section is and what it is given: the options, a place for its
// results and a way to stop what it starts.
export interface BenchOptions { qos0: number; qos1: number; idleSeconds: number; json: string | null; peer: 'node-red' | 'none'; only: string[] | null }

export interface BenchContext {
  options: BenchOptions;
  /** Results by section, written with --json. */
  results: Record<string, unknown>;
  /** Registers something to stop when the bench ends, whatever happens. */
  track(what: string, stop: () => Promise<unknown>): void;
}

export interface Section { name: string; run(ctx: BenchContext): Promise<void> }
