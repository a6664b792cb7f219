// The last lines of the gateway's own log, kept in memory for the setup page
// (the journal is for root; a technician at the wall needs the recent story).
// pino writes each line here as well as to stdout: already JSON, already
// redacted. Bounded in lines and in bytes per line.
import { Writable } from 'node:stream';

export interface LogLine { time: number; level: number; bridge: string | null; msg: string; raw: string }

const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
export const levelName = (n: number): string => LEVELS[n] ?? String(n);

export class LogRing extends Writable {
  private readonly lines: LogLine[] = [];

  constructor(private readonly max = 500, private readonly maxLineBytes = 2048) {
    super({ decodeStrings: false });
  }

  override _write(chunk: string | Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    const text = (typeof chunk === 'string' ? chunk : chunk.toString('utf8')).slice(0, this.maxLineBytes).trim();
    try {
      const j = JSON.parse(text) as { time?: unknown; level?: unknown; bridge?: unknown; msg?: unknown };
      this.lines.push({
        time: typeof j.time === 'number' ? j.time : Date.now(),
        level: typeof j.level === 'number' ? j.level : 30,
        bridge: typeof j.bridge === 'string' ? j.bridge : null,
        msg: typeof j.msg === 'string' ? j.msg : '',
        raw: text,
      });
    } catch {
      // a cut line (over maxLineBytes) is kept as text
      this.lines.push({ time: Date.now(), level: 30, bridge: null, msg: text.slice(0, 200), raw: text });
    }
    if (this.lines.length > this.max) this.lines.splice(0, this.lines.length - this.max);
    done();
  }

  /** Newest last; at most `limit`, filtered by bridge and minimum level. */
  recent(o: { limit?: number; bridge?: string | null; minLevel?: number } = {}): LogLine[] {
    const out = this.lines.filter((l) => (!o.bridge || l.bridge === o.bridge) && l.level >= (o.minLevel ?? 0));
    return out.slice(-(o.limit ?? 200));
  }

  bridges(): string[] {
    return [...new Set(this.lines.map((l) => l.bridge).filter((b): b is string => b !== null))].sort();
  }
}
