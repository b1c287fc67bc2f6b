import type { DepthSource } from "@arb/execution";
import type { VenueEvent } from "@arb/venues";

const NO_ASK = 0xffff;

/**
 * Depth from the top of book only (what the venue client reports): sizing then never counts on liquidity behind
 * the best level. Used for Polymarket, whose client keeps its ladders private.
 */
export class TopDepth implements DepthSource {
  private readonly tops = new Map<string, [number, number, number, number]>();

  onVenueEvent(e: VenueEvent): void {
    if (e.kind === "book.top-changed") this.tops.set(e.market, [e.yesAskUnits, e.yesAskHundredths, e.noAskUnits, e.noAskHundredths]);
    else if (e.kind === "book.stale") this.tops.delete(e.market);
  }

  asks(market: string, outcome: "yes" | "no"): number[] {
    const t = this.tops.get(market);
    if (t === undefined) return [];
    const [price, size] = outcome === "yes" ? [t[0], t[1]] : [t[2], t[3]];
    return price === NO_ASK || size === 0 ? [] : [price, size];
  }
}
