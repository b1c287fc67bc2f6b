import type { ExecVenue } from "@arb/execution";
import type { PolymarketExec } from "@arb/venues";

/**
 * The Polymarket exec client as the execution engine's venue. Polymarket has no client order ids, so an order is
 * found among the market's open orders by the id the client remembers; fills arrive on the user channel, and an
 * order that shows fills the channel has not delivered is reported as not yet known (the engine retries).
 */
export function polymarketExecVenue(exec: PolymarketExec): ExecVenue {
  return {
    venue: "polymarket",
    exec,
    async findOrder(market, clientOrderId) {
      const r = await exec.openOrders(market);
      return r.ok ? { ok: true, value: r.value.find((o) => o.clientOrderId === clientOrderId) } : r;
    },
    async fillsOf(venueOrderId) {
      const r = await exec.getOrder(venueOrderId);
      if (!r.ok) return r;
      if (r.value.filledHundredths === 0) return { ok: true, value: [] };
      return { ok: false, error: { venue: "polymarket", code: "POLYMARKET_FILLS_PENDING", outcome: "retryable", message: "fills are delivered by the user channel" } };
    },
  };
}
