import type { VenueId } from "@arb/domain";
import type { ExecClient, FillReport, OrderAck, OrderIntent, OrderState, VenueResult } from "@arb/venues";

/**
 * What the engine needs from a venue beyond `ExecClient`: finding one of our orders (an answer lost to a timeout or
 * a crash), the fills of one order (fills the user channel did not deliver) and, where the venue keeps no client
 * order id, the venue's id of an order before it is sent. Built from each client's public API.
 */
export interface ExecVenue {
  readonly venue: VenueId;
  /** The venue client orders go through (place, cancel, open orders, positions, balance). */
  readonly client: ExecClient;
  /**
   * Our order: by its venue order id when one is known, else by client order id; `undefined` when the venue has no
   * such order (a definite answer: the request never reached it).
   */
  findOrder(market: string, clientOrderId: string, venueOrderId: string | undefined): Promise<VenueResult<OrderState | undefined>>;
  fillsOf(venueOrderId: string): Promise<VenueResult<FillReport[]>>;
  /**
   * Where our fills in these markets stand: `failed` — fills the venue took back (Polymarket: trades that failed on
   * chain); `confirmed` — ids of fills that are final. For what the user channel did not deliver (a restart, a lost
   * connection). Absent: the venue never takes a fill back.
   */
  settlements?(markets: readonly string[]): Promise<VenueResult<Settlements>>;
  /** The exact fee of a fill whose report carries none (Polymarket), when the venue's fee terms are known. */
  feeOf?(fill: FillReport): number | undefined;
  /** Loads what trading these markets needs (tick, tokens, fees, order version) before the first opportunity. */
  prepare?(markets: readonly string[]): Promise<VenueResult<void>>;
  /**
   * Fixes the order's venue id without I/O, before the engine's pre-send commit records it (Polymarket: the EIP-712
   * digest, as the CLOB keeps no client order id). Absent: the client order id is enough to find the order.
   */
  identify?(intent: OrderIntent): VenueResult<IdentifiedOrder>;
  /** Runs the venue's order path (build, digest, signature, body) on `orders` synthetic orders, sending nothing. */
  warm?(orders: number): void;
}

/** An order whose venue id is known before it is sent. */
export interface IdentifiedOrder {
  readonly venueOrderId: string;
  /** Signs and sends it; a replacement sent under a new id (re-signed) is announced through `onReplaced` first. */
  send(onReplaced: (venueOrderId: string) => void): Promise<VenueResult<OrderAck>>;
}

/** Full-depth asks of a venue's books, for sizing and for the paper venue. */
export interface DepthSource {
  /** Asks of `outcome`: flat [priceUnits, sizeHundredths, …], best (lowest) first; empty when unknown. */
  asks(market: string, outcome: "yes" | "no"): number[];
}

export interface Settlements {
  readonly failed: readonly FillReport[];
  readonly confirmed: readonly string[];
}
