// (c) Resident memory of a process, from /proc/PID/status (VmRSS).
import { rssBytes } from '../rig/process.js';

export class RssSampler {
  private timer: NodeJS.Timeout | null = null;
  private peak = 0;

  constructor(private readonly pid: number, private readonly intervalMs = 250) {}

  async sampleOnce(): Promise<number> {
    try {
      const v = await rssBytes(this.pid);
      this.peak = Math.max(this.peak, v);
      return v;
    } catch {
      return 0; // the process is gone
    }
  }

  start(): void {
    void this.sampleOnce();
    this.timer = setInterval(() => void this.sampleOnce(), this.intervalMs);
  }

  /** Stops sampling and returns the peak seen. */
  stop(): number {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    return this.peak;
  }
}

export const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
