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
 * Asks from the Kalshi client's live book (`KalshiMarketData.askDepth`: YES asks are $1 − NO bids, NO asks $1 − YES
 * bids, venues.md §1.3). A book the client holds in a state that cannot exist (crossed), or has no snapshot of, has
 * no asks: nothing is bought from it, not even a hedge. One array per call, the client's.
 */
export function kalshiDepth(marketData: KalshiMarketData): DepthSource {
  return { asks: (market, outcome) => marketData.askDepth(market, outcome) };
}
