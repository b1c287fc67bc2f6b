/**
 * Fills a venue may still take back (Polymarket: a trade is final only once CONFIRMED on chain; it can still FAIL).
 * The user channel normally says which way each went; when that word is overdue — a lost connection, a restart —
 * the engine asks the venue for the markets `due` names. A fill leaves the watch when its outcome is known or when
 * it is older than the horizon (a trade fails within minutes of its match). Pure: time comes in as arguments.
 */
export class SettlementWatch {
  private readonly pending = new Map<string, { readonly market: string; readonly bookedMs: number }>();

  /**
   * @param graceMs how long the user channel has to report a fill's outcome before the venue is asked
   * @param horizonMs how long after its booking a fill is watched at all
   */
  constructor(
    private readonly graceMs: number,
    private readonly horizonMs: number,
  ) {}

  get size(): number {
    return this.pending.size;
  }

  add(fillId: string, market: string, bookedMs: number): void {
    if (!this.pending.has(fillId)) this.pending.set(fillId, { market, bookedMs });
  }

  /** The fill's outcome is known (settled or taken back). */
  done(fillId: string): void {
    this.pending.delete(fillId);
  }

  has(fillId: string): boolean {
    return this.pending.has(fillId);
  }

  /** Markets holding a fill whose outcome is overdue, after dropping the fills past the horizon. */
  due(nowMs: number): string[] {
    const markets = new Set<string>();
    for (const [id, f] of this.pending) {
      if (nowMs - f.bookedMs > this.horizonMs) this.pending.delete(id);
      else if (nowMs - f.bookedMs >= this.graceMs) markets.add(f.market);
    }
    return [...markets];
  }
}
