// How many series a table holds, against its bound, without counting them on
// every new one: counted once (and again after a prune), then kept by the new
// series each transaction takes; a rolled-back transaction gives its places back.

export class SeriesCount {
  private count: number | null = null;
  /** Places taken since the outermost transaction began. */
  private taken = 0;

  constructor(private readonly max: number, private readonly countRows: () => number) {}

  /** Takes a place for a series the table does not hold yet; false when it is at its bound. */
  take(): boolean {
    this.count ??= this.countRows();
    if (this.count >= this.max) return false;
    this.count++;
    this.taken++;
    return true;
  }

  /** The outermost transaction committed: its places are the table's now. */
  committed(): void {
    this.taken = 0;
  }

  /**
   * A transaction failed: its places go back. (A failed inner savepoint gives
   * back its outer transaction's places too, so the count can only be low:
   * lenient by one batch at most, until the next prune counts again.)
   */
  rolledBack(): void {
    if (this.count !== null) this.count = Math.max(0, this.count - this.taken);
    this.taken = 0;
  }

  /** Rows were deleted: count again when next asked. */
  forget(): void {
    this.count = null;
    this.taken = 0;
  }
}
