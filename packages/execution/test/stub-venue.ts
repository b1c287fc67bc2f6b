import type { VenueId } from "@arb/domain";
import type { OrderAck, OrderIntent, VenueResult } from "@arb/venues";
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
