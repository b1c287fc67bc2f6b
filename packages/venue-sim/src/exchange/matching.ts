import { type Book, type BookSide, type RestingOrder, type SelfTradePrevention, type TimeInForce, crosses, insertResting } from "./book.js";

export type BookCommand =
  | {
      readonly kind: "order.submit";
      readonly orderId: string;
      readonly accountId: string;
      readonly side: BookSide;
      readonly priceUnits: number;
      readonly sizeHundredths: number;
      readonly timeInForce: TimeInForce;
      readonly selfTradePrevention: SelfTradePrevention;
      readonly postOnly: boolean;
    }
  | { readonly kind: "order.cancel"; readonly orderId: string };

export type CancelReason = "user" | "ioc_remainder" | "fok_unfillable" | "self_trade" | "post_only_cross";

export type BookEvent =
  | {
      readonly kind: "trade.executed";
      readonly takerOrderId: string;
      readonly takerAccountId: string;
      readonly takerSide: BookSide;
      readonly makerOrderId: string;
      readonly makerAccountId: string;
      readonly priceUnits: number;
      readonly sizeHundredths: number;
    }
  | { readonly kind: "order.rested"; readonly orderId: string; readonly side: BookSide; readonly priceUnits: number; readonly remainingHundredths: number }
  | { readonly kind: "order.canceled"; readonly orderId: string; readonly reason: CancelReason; readonly canceledHundredths: number }
  | { readonly kind: "order.unknown"; readonly orderId: string }
  /** A change of resting quantity at one (side, price) level: what the venue's orderbook_delta reports. */
  | { readonly kind: "level.changed"; readonly side: BookSide; readonly priceUnits: number; readonly deltaHundredths: number };

export interface BookStep {
  readonly book: Book;
  readonly events: readonly BookEvent[];
}

type Submit = Extract<BookCommand, { kind: "order.submit" }>;

/** Pure: (book, command) → (book, events). Never throws for a well-typed command. */
export function applyBookCommand(book: Book, cmd: BookCommand): BookStep {
  switch (cmd.kind) {
    case "order.submit":
      return submit(book, cmd);
    case "order.cancel":
      return cancel(book, cmd.orderId);
  }
}

function sideOf(book: Book, side: BookSide): readonly RestingOrder[] {
  return side === "bid" ? book.bids : book.asks;
}

function withSide(book: Book, side: BookSide, orders: readonly RestingOrder[]): Book {
  return side === "bid" ? { ...book, bids: orders } : { ...book, asks: orders };
}

/** How much a taker could fill before STP or its limit stops it, for the all-or-nothing check. */
function fillableHundredths(opposite: readonly RestingOrder[], cmd: Submit): number {
  let total = 0;
  for (const maker of opposite) {
    if (!crosses(cmd.side, cmd.priceUnits, maker.priceUnits)) break;
    if (maker.accountId === cmd.accountId) {
      if (cmd.selfTradePrevention === "taker_at_cross") break;
      continue;
    }
    total += maker.remainingHundredths;
    if (total >= cmd.sizeHundredths) break;
  }
  return total;
}

function submit(book: Book, cmd: Submit): BookStep {
  const makerSide: BookSide = cmd.side === "bid" ? "ask" : "bid";
  const opposite = sideOf(book, makerSide);
  const top = opposite[0];
  const wouldCross = top !== undefined && crosses(cmd.side, cmd.priceUnits, top.priceUnits);
  if (cmd.postOnly && wouldCross) {
    return { book, events: [{ kind: "order.canceled", orderId: cmd.orderId, reason: "post_only_cross", canceledHundredths: cmd.sizeHundredths }] };
  }
  if (cmd.timeInForce === "fill_or_kill" && fillableHundredths(opposite, cmd) < cmd.sizeHundredths) {
    return { book, events: [{ kind: "order.canceled", orderId: cmd.orderId, reason: "fok_unfillable", canceledHundredths: cmd.sizeHundredths }] };
  }

  const events: BookEvent[] = [];
  const kept: RestingOrder[] = [];
  let remaining = cmd.sizeHundredths;
  let stoppedBySelfTrade = false;
  let i = 0;
  for (; i < opposite.length && remaining > 0; i++) {
    const maker = opposite[i] as RestingOrder;
    if (!crosses(cmd.side, cmd.priceUnits, maker.priceUnits)) break;
    if (maker.accountId === cmd.accountId) {
      if (cmd.selfTradePrevention === "taker_at_cross") {
        stoppedBySelfTrade = true;
        break;
      }
      if (cmd.selfTradePrevention === "skip") {
        kept.push(maker);
        continue;
      }
      events.push(
        { kind: "order.canceled", orderId: maker.orderId, reason: "self_trade", canceledHundredths: maker.remainingHundredths },
        { kind: "level.changed", side: makerSide, priceUnits: maker.priceUnits, deltaHundredths: -maker.remainingHundredths },
      );
      continue;
    }
    const size = Math.min(remaining, maker.remainingHundredths);
    remaining -= size;
    events.push(
      {
        kind: "trade.executed",
        takerOrderId: cmd.orderId,
        takerAccountId: cmd.accountId,
        takerSide: cmd.side,
        makerOrderId: maker.orderId,
        makerAccountId: maker.accountId,
        priceUnits: maker.priceUnits,
        sizeHundredths: size,
      },
      { kind: "level.changed", side: makerSide, priceUnits: maker.priceUnits, deltaHundredths: -size },
    );
    if (size < maker.remainingHundredths) kept.push({ ...maker, remainingHundredths: maker.remainingHundredths - size });
  }
  let next = withSide(book, makerSide, kept.concat(opposite.slice(i)));

  if (remaining > 0) {
    if (stoppedBySelfTrade) {
      events.push({ kind: "order.canceled", orderId: cmd.orderId, reason: "self_trade", canceledHundredths: remaining });
    } else if (cmd.timeInForce === "good_till_canceled") {
      const resting: RestingOrder = {
        orderId: cmd.orderId,
        accountId: cmd.accountId,
        side: cmd.side,
        priceUnits: cmd.priceUnits,
        remainingHundredths: remaining,
        seq: next.nextSeq,
      };
      next = { ...withSide(next, cmd.side, insertResting(sideOf(next, cmd.side), resting)), nextSeq: next.nextSeq + 1 };
      events.push(
        { kind: "order.rested", orderId: cmd.orderId, side: cmd.side, priceUnits: cmd.priceUnits, remainingHundredths: remaining },
        { kind: "level.changed", side: cmd.side, priceUnits: cmd.priceUnits, deltaHundredths: remaining },
      );
    } else {
      events.push({ kind: "order.canceled", orderId: cmd.orderId, reason: "ioc_remainder", canceledHundredths: remaining });
    }
  }
  return { book: next, events };
}

function cancel(book: Book, orderId: string): BookStep {
  for (const side of ["bid", "ask"] as const) {
    const orders = sideOf(book, side);
    const idx = orders.findIndex((o) => o.orderId === orderId);
    const order = orders[idx];
    if (order === undefined) continue;
    const rest = orders.slice();
    rest.splice(idx, 1);
    return {
      book: withSide(book, side, rest),
      events: [
        { kind: "order.canceled", orderId, reason: "user", canceledHundredths: order.remainingHundredths },
        { kind: "level.changed", side, priceUnits: order.priceUnits, deltaHundredths: -order.remainingHundredths },
      ],
    };
  }
  return { book, events: [{ kind: "order.unknown", orderId }] };
}
