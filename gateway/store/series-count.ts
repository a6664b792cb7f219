// How many series a table holds, against its bound, without counting them on
// every new one: counted once (and again after a prune), then kept by the new
// series each transaction takes; a rolled-back transaction gives its places back.

export class SeriesCount {
  private count: number | null = null;
  /** Series found held, so a flood's every batch does not look each one up again (at most `max`). */
  private readonly known = new Set<string>();
  /** Places taken since the outermost transaction began. */
  private taken = 0;

  constructor(private readonly max: number, private readonly countRows: () => number) {}

  /**
   * Whether a series may be stored (call inside a transaction): found held before, held now (`isHeld`, then
   * remembered), or a new place taken; false when it is new and the table is at its bound.
   */
  admit(key: string, isHeld: () => boolean): boolean {
    if (this.known.has(key)) return true;
    if (isHeld()) {
      if (this.known.size < this.max) this.known.add(key);
      return true;
    }
    return this.take();
  }

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
    this.known.clear(); // a series seen inside the transaction may be gone with it
    if (this.count !== null) this.count = Math.max(0, this.count - this.taken);
    this.taken = 0;
  }

  /** Rows were deleted: count again when next asked. */
  forget(): void {
    this.known.clear();
    this.count = null;
    this.taken = 0;
  }
}
