import { ONE_DOLLAR_UNITS } from "@arb/domain";
import type { KalshiMarketData, KalshiRest } from "@arb/venues";
import type { DepthSource, ExecVenue } from "./port.js";

/** The Kalshi REST client as an `ExecVenue`: lookup by order id once acked, else by client order id through its market's orders. */
export function kalshiExecVenue(rest: KalshiRest): ExecVenue {
  return {
    venue: "kalshi",
    client: rest,
    async findOrder(market, clientOrderId, venueOrderId) {
      if (venueOrderId !== undefined) return rest.getOrder(venueOrderId);
      const r = await rest.listOrders({ ticker: market });
      return r.ok ? { ok: true, value: r.value.find((o) => o.clientOrderId === clientOrderId) } : r;
    },
    fillsOf: (venueOrderId) => rest.fills({ orderId: venueOrderId }),
  };
}

/**
 * Asks from the Kalshi client's live bid ladders (venues.md §1.3: bids only): YES asks are $1 − NO bids, NO asks
 * $1 − YES bids, best bid last on the ladder, so the walk runs from the ladder's end. A book the client holds in a
 * state that cannot exist (crossed) has no asks: nothing is bought from it, not even a hedge.
 */
export function kalshiDepth(marketData: KalshiMarketData): DepthSource {
  return {
    asks(market, outcome) {
      const book = marketData.feed.store.books.get(market);
      if (book === undefined || book.sid === 0 || !marketData.feed.consistent(market)) return [];
      const ladder = book.bids[outcome === "yes" ? 1 : 0];
      const out: number[] = [];
      for (let i = ladder.count - 1; i >= 0; i--) out.push(ONE_DOLLAR_UNITS - (ladder.prices[i] as number), ladder.sizes[i] as number);
      return out;
    },
  };
}
