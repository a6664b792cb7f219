// Child output to lines, with a fixed memory bound: a line longer than
// maxBytes is cut (the rest is skipped up to its end), so a child writing
// 10 MB without a newline costs maxBytes, not 10 MB. '\n', '\r' and '\r\n'
// all end a line (ffmpeg ends its progress lines with '\r'); empty lines are
// skipped. The buffer is a copy, never a slice, so no chunk is kept alive.

export type LineSink = (line: string, truncated: boolean) => void;

export class LineSplitter {
  private buf: Buffer | null = null;
  private len = 0;
  private cut = false;

  constructor(private readonly maxBytes: number, private readonly sink: LineSink) {
    if (!Number.isInteger(maxBytes) || maxBytes < 1) throw new Error(`maxBytes must be a positive integer, got ${maxBytes}`);
  }

  /** Bytes held for an unfinished line (never more than maxBytes). */
  get pendingBytes(): number {
    return this.len;
  }

  push(chunk: Buffer): void {
    let start = 0;
    let nextLf = chunk.indexOf(10);
    let nextCr = chunk.indexOf(13);
    while (start < chunk.length) {
      if (nextLf !== -1 && nextLf < start) nextLf = chunk.indexOf(10, start);
      if (nextCr !== -1 && nextCr < start) nextCr = chunk.indexOf(13, start);
      const end = nextLf === -1 ? nextCr : nextCr === -1 ? nextLf : Math.min(nextLf, nextCr);
      if (end === -1) {
        this.append(chunk, start, chunk.length);
        return;
      }
      this.append(chunk, start, end);
      this.emit();
      start = end + 1;
    }
  }

  /** Emits an unfinished last line (the child has exited). */
  flush(): void {
    this.emit();
    this.buf = null;
  }

  private append(chunk: Buffer, from: number, to: number): void {
    if (to <= from) return;
    const room = this.maxBytes - this.len;
    const take = Math.min(room, to - from);
    if (take > 0) {
      this.buf ??= Buffer.allocUnsafe(this.maxBytes);
      chunk.copy(this.buf, this.len, from, from + take);
      this.len += take;
    }
    if (take < to - from) this.cut = true;
  }

  private emit(): void {
    if (this.len === 0 && !this.cut) return;
    const line = this.buf ? this.buf.toString('utf8', 0, this.len) : '';
    const truncated = this.cut;
    this.len = 0;
    this.cut = false;
    this.sink(line, truncated);
  }
}
