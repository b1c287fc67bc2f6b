import { ONE_DOLLAR_UNITS, type VenueId, kalshiTradeFeeMicros, polymarketOrderFeeMicros } from "@arb/domain";
import type { CancelAck, ExecClient, FillReport, OrderAck, OrderIntent, OrderState, PositionReport, VenueEventSink, VenueResult } from "@arb/venues";
import type { VenueRules } from "../config.js";
import type { DepthSource, ExecVenue } from "../venue/port.js";
import { planPaperFills } from "./fill.js";

export interface PaperOptions {
  readonly venue: VenueId;
  /** The live books the paper orders fill against. */
  readonly depth: DepthSource;
  readonly rules: VenueRules;
  readonly balanceMicros: number;
  /** Delay before an order reaches the paper book. */
  readonly latencyMs: number;
  /** Chance, ppm, that an order fills only part of what the book offers. */
  readonly partialFillPpm: number;
  /** Where fills and order updates go, as the venue's user channel would send them. */
  readonly sink: VenueEventSink;
  readonly random?: () => number;
  readonly now?: () => number;
}

const opposite = (o: "yes" | "no"): "yes" | "no" => (o === "yes" ? "no" : "yes");

/**
 * A paper venue: an `ExecClient` that fills IOC/FOK orders against the live depth after a configured latency,
 * sometimes only in part, and reports fills through the same event sink a real client uses, so the engine runs the
 * same code path. Liquidity it takes stays taken until the book refreshes (`bookChanged`).
 */
export class PaperExec implements ExecClient {
  readonly venue: VenueId;
  private readonly o: PaperOptions;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly orders = new Map<string, OrderState>();
  private readonly byClient = new Map<string, string>();
  private readonly fills: FillReport[] = [];
  private readonly taken = new Map<string, Map<number, number>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private balance: number;
  private seq = 0;

  constructor(options: PaperOptions) {
    this.o = options;
    this.venue = options.venue;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    this.balance = options.balanceMicros;
  }

  /** The book of `market` moved: liquidity taken from it is no longer assumed gone. */
  bookChanged(market: string): void {
    for (const k of this.taken.keys()) if (k.startsWith(`${market}|`)) this.taken.delete(k);
  }

  private asksLeft(market: string, outcome: "yes" | "no"): number[] {
    const asks = this.o.depth.asks(market, outcome);
    const taken = this.taken.get(`${market}|${outcome}`);
    if (taken === undefined) return asks;
    const out: number[] = [];
    for (let i = 0; i + 1 < asks.length; i += 2) {
      const left = (asks[i + 1] as number) - (taken.get(asks[i] as number) ?? 0);
      if (left > 0) out.push(asks[i] as number, left);
    }
    return out;
  }

  private fee(size: number, price: number): number {
    const r = this.o.rules;
    return this.venue === "kalshi" ? kalshiTradeFeeMicros(size, price, r.feeRatePpm) : polymarketOrderFeeMicros(size, price, r.feeRatePpm, r.feeExponent);
  }

  placeOrder(intent: OrderIntent): Promise<VenueResult<OrderAck>> {
    if (this.byClient.has(intent.clientOrderId)) {
      return Promise.resolve({ ok: false, error: { venue: this.venue, code: "PAPER_DUPLICATE", outcome: "rejected", message: "client order id reused" } });
    }
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve({ ok: true, value: this.match(intent) });
      }, this.o.latencyMs);
      this.timers.add(t);
    });
  }

  private match(intent: OrderIntent): OrderAck {
    const long = intent.action === "buy" ? intent.outcome : opposite(intent.outcome);
    const draw = this.random() * 1_000_000 < this.o.partialFillPpm ? this.random() : undefined;
    const planned = planPaperFills(this.asksLeft(intent.market, long), intent, this.o.rules.lotHundredths, draw);
    const orderId = `paper-${this.venue}-${++this.seq}`;
    const key = `${intent.market}|${long}`;
    const taken = this.taken.get(key) ?? new Map<number, number>();
    this.taken.set(key, taken);
    let filled = 0;
    let notional = 0;
    let fees = 0;
    const tsMs = this.now();
    for (const p of planned) {
      const fee = this.fee(p.sizeHundredths, p.longPriceUnits);
      taken.set(p.longPriceUnits, (taken.get(p.longPriceUnits) ?? 0) + p.sizeHundredths);
      filled += p.sizeHundredths;
      notional += p.longPriceUnits * p.sizeHundredths;
      fees += fee;
      this.balance -= p.longPriceUnits * p.sizeHundredths + fee;
      const fill: FillReport = {
        fillId: `${orderId}-${this.fills.length + 1}`,
        orderId,
        clientOrderId: intent.clientOrderId,
        market: intent.market,
        outcome: long,
        yesPriceUnits: long === "yes" ? p.longPriceUnits : ONE_DOLLAR_UNITS - p.longPriceUnits,
        sizeHundredths: p.sizeHundredths,
        isTaker: true,
        feeMicros: fee,
        tsMs,
      };
      this.fills.push(fill);
      this.o.sink({ kind: "fill.received", venue: this.venue, fill });
    }
    const price = intent.outcome === "yes" ? intent.priceUnits : ONE_DOLLAR_UNITS - intent.priceUnits;
    const state: OrderState = {
      orderId,
      clientOrderId: intent.clientOrderId,
      market: intent.market,
      outcome: long,
      status: filled > 0 ? "executed" : "canceled",
      yesPriceUnits: price,
      initialHundredths: intent.sizeHundredths,
      filledHundredths: filled,
      remainingHundredths: 0,
      feesMicros: fees,
      fillCostMicros: notional,
    };
    this.orders.set(orderId, state);
    this.byClient.set(intent.clientOrderId, orderId);
    this.o.sink({ kind: "order.updated", venue: this.venue, order: state });
    return {
      orderId,
      clientOrderId: intent.clientOrderId,
      filledHundredths: filled,
      remainingHundredths: 0,
      ...(filled > 0 && { avgPriceMicros: Math.floor((notional * 100) / filled), avgFeeMicros: Math.floor((fees * 100) / filled) }),
      tsMs,
    };
  }

  async cancelOrder(orderId: string): Promise<VenueResult<CancelAck>> {
    const o = this.orders.get(orderId);
    if (o === undefined) return { ok: false, error: { venue: this.venue, code: "PAPER_NOT_FOUND", outcome: "rejected", message: orderId } };
    // Paper orders are IOC/FOK: nothing ever rests, so there is never anything to reduce.
    return { ok: true, value: { orderId, clientOrderId: o.clientOrderId, reducedByHundredths: 0, tsMs: this.now() } };
  }

  async getOrder(orderId: string): Promise<VenueResult<OrderState>> {
    const o = this.orders.get(orderId);
    return o === undefined
      ? { ok: false, error: { venue: this.venue, code: "PAPER_NOT_FOUND", outcome: "rejected", message: orderId } }
      : { ok: true, value: o };
  }

  async openOrders(): Promise<VenueResult<OrderState[]>> {
    return { ok: true, value: [] };
  }

  async positions(): Promise<VenueResult<PositionReport[]>> {
    const net = new Map<string, { pos: number; fees: number }>();
    for (const f of this.fills) {
      const p = net.get(f.market) ?? { pos: 0, fees: 0 };
      p.pos += f.outcome === "yes" ? f.sizeHundredths : -f.sizeHundredths;
      p.fees += f.feeMicros ?? 0;
      net.set(f.market, p);
    }
    return { ok: true, value: [...net].map(([market, p]) => ({ market, positionHundredths: p.pos, feesPaidMicros: p.fees, realizedPnlMicros: 0 })) };
  }

  async balanceMicros(): Promise<VenueResult<number>> {
    return { ok: true, value: this.balance };
  }

  fillsOf(orderId: string): FillReport[] {
    return this.fills.filter((f) => f.orderId === orderId);
  }

  findByClientOrderId(clientOrderId: string): OrderState | undefined {
    const id = this.byClient.get(clientOrderId);
    return id === undefined ? undefined : this.orders.get(id);
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}

export function paperExecVenue(paper: PaperExec): ExecVenue {
  return {
    venue: paper.venue,
    client: paper,
    findOrder: async (_market, clientOrderId) => ({ ok: true, value: paper.findByClientOrderId(clientOrderId) }),
    fillsOf: async (orderId) => ({ ok: true, value: paper.fillsOf(orderId) }),
  };
}
