import type { VenueId } from "@arb/domain";
import type { OrderAck, OrderIntent, VenueResult } from "@arb/venues";
import type { ExecutionEngine } from "../src/shell/engine.js";
import type { ExecVenue } from "../src/venue/port.js";

/**
 * Engine settings for shell tests that drive the engine by hand: any opportunity the books allow is taken (no fill
 * probability floor, no game clock, books never too old) and no warm-up runs beside the test.
 */
export const HAND_DRIVEN = {
  risk: { minFillProbabilityPpm: 0, allowAfterGameStart: true, maxBookAgeMs: 1e12 },
  execution: { keepWarmMs: 0, warmupRounds: 0 },
} as const;

/**
 * A venue whose orders go to `place` and which holds nothing: no open orders, no positions, no balance, no order
 * or fill found. For the shell's own ordering and bookkeeping; what a venue answers is tested against the simulator.
 */
export function stubVenue(venue: VenueId, place: (intent: OrderIntent) => Promise<VenueResult<OrderAck>>): ExecVenue {
  return {
    venue,
    client: {
      venue,
      placeOrder: place,
      openOrders: async () => ({ ok: true, value: [] }),
      positions: async () => ({ ok: true, value: [] }),
      balanceMicros: async () => ({ ok: true, value: 0 }),
    },
    findOrder: async () => ({ ok: true, value: undefined }),
    fillsOf: async () => ({ ok: true, value: [] }),
  } as unknown as ExecVenue;
}

/** Both books of the one-pair world (pair 0: Kalshi EV-A, Polymarket 0xc) show 10 contracts at 45¢ on every side. */
export function showBooksAt45(engine: ExecutionEngine, tsMs: number): void {
  for (const [venue, market] of [
    ["kalshi", "EV-A"],
    ["polymarket", "0xc"],
  ] as const)
    engine.onVenueEvent({
      kind: "book.top-changed",
      venue,
      market,
      pair: 0,
      yesAskUnits: 4500,
      yesAskHundredths: 1_000,
      noAskUnits: 4500,
      noAskHundredths: 1_000,
      tsMs,
    });
}
