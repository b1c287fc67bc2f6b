/**
 * The order lifecycle as one transition table. A timeout is not an input: an order without an answer stays
 * `sent` until the venue or reconciliation says what happened.
 */

/**
 * Where one of the bot's orders is in its life, as the engine tracks it: not a venue's reported status (`OrderState`
 * of @arb/venues, which reconcile.ts maps onto this). Spelled like the venues' statuses ("canceled"); ledgers written
 * before migration 4 said "cancelled".
 */
export type OrderLifecycle = "new" | "sent" | "acked" | "partially_filled" | "filled" | "canceled" | "rejected" | "expired";

/** ack: the venue accepted it. fill_part / fill_all: its filled count grew, short of / up to the full size.
 *  cancel: our cancel took effect. expire: the venue ended it unfilled or part-filled (IOC/FOK rest, never placed). */
export type OrderInput = "send" | "ack" | "reject" | "fill_part" | "fill_all" | "cancel" | "expire";

export const TERMINAL: ReadonlySet<OrderLifecycle> = new Set<OrderLifecycle>(["filled", "canceled", "rejected", "expired"]);

const EDGES: Readonly<Record<OrderLifecycle, Partial<Record<OrderInput, OrderLifecycle>>>> = {
  new: { send: "sent" },
  // IOC/FOK answers may report fills before (or instead of) a separate ack; a user-channel fill may beat the REST answer.
  sent: { ack: "acked", reject: "rejected", fill_part: "partially_filled", fill_all: "filled", cancel: "canceled", expire: "expired" },
  acked: { ack: "acked", fill_part: "partially_filled", fill_all: "filled", cancel: "canceled", expire: "expired" },
  partially_filled: { ack: "partially_filled", fill_part: "partially_filled", fill_all: "filled", cancel: "canceled", expire: "expired" },
  // Late fills after the cancel or the IOC expiry are booked, never dropped; a fill that completes the order wins.
  canceled: { ack: "canceled", fill_part: "canceled", fill_all: "filled", cancel: "canceled", expire: "canceled" },
  expired: { ack: "expired", fill_part: "expired", fill_all: "filled", cancel: "expired", expire: "expired" },
  filled: { ack: "filled", fill_all: "filled", cancel: "filled", expire: "filled" },
  rejected: {},
};

export type Transition = { readonly ok: true; readonly to: OrderLifecycle } | { readonly ok: false; readonly from: OrderLifecycle; readonly input: OrderInput };

export function transition(from: OrderLifecycle, input: OrderInput): Transition {
  const to = EDGES[from][input];
  return to === undefined ? { ok: false, from, input } : { ok: true, to };
}

export class IllegalTransitionError extends Error {
  readonly code = "ORDER_ILLEGAL_TRANSITION";
  constructor(
    readonly from: OrderLifecycle,
    readonly input: OrderInput,
  ) {
    super(`illegal order transition: ${from} + ${input}`);
  }
}

export function transitionOrThrow(from: OrderLifecycle, input: OrderInput): OrderLifecycle {
  const t = transition(from, input);
  if (!t.ok) throw new IllegalTransitionError(from, input);
  return t.to;
}

/** The input a venue's filled count implies for an order of `sizeHundredths`. */
export function fillInput(filledHundredths: number, sizeHundredths: number): OrderInput | undefined {
  if (filledHundredths <= 0) return undefined;
  return filledHundredths >= sizeHundredths ? "fill_all" : "fill_part";
}
