import { ARB_TYPES } from "@arb/domain";
import { privateKeyToAccount } from "viem/accounts";
import { z } from "zod";
import type { FillRecord, OrderRecord } from "../exchange/kalshi.js";
import { type FeeRates, eventFeeIssue, eventFeeOverride } from "../exchange/fee-override.js";
import type { PolyOrderRecord, PolyTrade } from "../exchange/polymarket.js";
import type { LogRecord } from "../log/event-log.js";
import type { ArbWindow, Venue } from "../runtime/bus.js";
import { type Valuation, valueAtOutcomes } from "./valuation.js";
import type { PolymarketWallet } from "../runtime/accounts.js";
import type { SimCore } from "../runtime/core.js";
import { EventFeeFields, ORDER_FAULT_MODES, VENUES } from "../scenario/schema.js";

const venue = z.enum(VENUES);
const level = z.tuple([z.number().int().min(1).max(9999), z.number().int().positive()]);
const hexAddress = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "a 0x-prefixed 20-byte address");

/** Inputs of the control operations; the admin HTTP API parses its bodies with the same schemas. */
export const ControlInput = {
  createKalshiAccount: z.object({ publicKeyPem: z.string().min(1), balanceMicros: z.number().int().nonnegative(), direct: z.boolean().optional() }),
  setKalshiBook: z.object({ yes: z.array(level), no: z.array(level) }),
  createPolymarketAccount: z
    .object({
      privateKey: z
        .string()
        .regex(/^0x[0-9a-fA-F]{64}$/, "a 0x-prefixed 32-byte hex private key")
        .optional(),
      address: hexAddress.optional(),
      balanceMicros: z.number().int().nonnegative(),
      signatureType: z.union([z.literal(0), z.literal(1), z.literal(2)]).default(0),
      funder: hexAddress.optional(),
    })
    .refine((a) => (a.privateKey === undefined) !== (a.address === undefined), { message: "give exactly one of privateKey and address", path: ["address"] })
    .refine((a) => a.signatureType === 0 || a.funder !== undefined, { message: "signature types 1 and 2 need a funder", path: ["funder"] }),
  setPolymarketBook: z.object({ bids: z.array(level), asks: z.array(level) }),
  setPolymarketTick: z.object({ tickUnits: z.union([z.literal(1000), z.literal(100), z.literal(10), z.literal(1)]) }),
  injectArb: z.object({
    kind: z.enum(ARB_TYPES),
    /** The Kalshi market (same-market Kalshi windows and both cross-venue kinds). */
    ticker: z.string().min(1).optional(),
    /** The Polymarket market of a poly_same_market window. */
    conditionId: z.string().min(1).optional(),
    edgeBps: z.number().int().positive(),
    sizeHundredths: z.number().int().positive(),
    durationMs: z.number().int().positive(),
  }),
  setLatency: z.object({ endpoint: z.string().min(1).optional(), ms: z.number().int().nonnegative() }),
  faultOrders: z.object({
    mode: z.enum(ORDER_FAULT_MODES),
    count: z.number().int().positive().default(1),
    delayMs: z.number().int().nonnegative().default(2000),
  }),
  setRateLimit: z.object({ readPerSec: z.number().int().positive(), writePerSec: z.number().int().positive() }),
  setEventFee: z.object(EventFeeFields).check((ctx) => {
    const bad = eventFeeIssue(ctx.value);
    if (bad !== undefined) ctx.issues.push({ code: "custom", input: ctx.value, path: [bad.path], message: bad.message });
  }),
  /** Accounts by client label (the endpoint they came through), or named one by one; all started with one balance. */
  valuation: z.object({
    client: z.string().min(1).optional(),
    kalshiAccounts: z.array(z.string().min(1)).default([]),
    polymarketAddresses: z.array(z.string().min(1)).default([]),
    startBalanceMicros: z.number().int().nonnegative(),
  }),
  venue,
} as const;

export interface MarketsView {
  readonly games: readonly {
    readonly gameId: string;
    readonly league: string;
    readonly away: { readonly code: string; readonly name: string };
    readonly home: { readonly code: string; readonly name: string };
    readonly startMs: number;
    readonly endMs: number;
    readonly settleMs: number;
    readonly kalshi: {
      readonly seriesTicker: string;
      readonly eventTicker: string;
      readonly title: string;
      readonly markets: readonly {
        readonly ticker: string;
        readonly outcome: string;
        readonly yesSubTitle: string;
        readonly status: string;
        /** Its Polymarket twin: `yesTokenId` pays exactly when this market's YES pays; `polarity` "same" when that
         *  token is the market's first outcome, "inverted" when it is the second. `trap`: see README. */
        readonly polymarket:
          | {
              readonly conditionId: string;
              readonly yesTokenId: string;
              readonly noTokenId: string;
              readonly polarity: "same" | "inverted";
              readonly trap: boolean;
            }
          | undefined;
      }[];
    };
    readonly polymarket: {
      readonly eventId: string;
      readonly slug: string;
      readonly title: string;
      readonly negRisk: boolean;
      readonly trap: boolean;
      readonly markets: readonly {
        readonly conditionId: string;
        readonly marketId: string;
        readonly question: string;
        readonly slug: string;
        /** In the venue's order (outcomes[i] ↔ clobTokenIds[i]). */
        readonly outcomes: readonly { readonly label: string; readonly tokenId: string }[];
        readonly status: string;
      }[];
    };
  }[];
}

export interface PolymarketAccountView {
  readonly address: string;
  readonly balanceMicros: number;
  readonly feesPaidMicros: number;
  readonly tokens: readonly { readonly tokenId: string; readonly hundredths: number }[];
  readonly orders: readonly PolyOrderRecord[];
  readonly trades: readonly PolyTrade[];
}

export interface AccountView {
  readonly accountId: string;
  readonly balanceMicros: number;
  readonly feesPaidMicros: number;
  readonly positions: readonly { readonly ticker: string; readonly yesHundredths: number; readonly noHundredths: number }[];
  readonly orders: readonly OrderRecord[];
  readonly fills: readonly FillRecord[];
}

export interface SimControl {
  createKalshiAccount(input: z.input<typeof ControlInput.createKalshiAccount>): { keyId: string; accountId: string };
  /** A funded Polymarket wallet (pUSD micros). The client then creates or derives its API key through L1. */
  createPolymarketAccount(input: z.input<typeof ControlInput.createPolymarketAccount>): PolymarketWallet;
  markets(): MarketsView;
  /** Replaces the simulated makers' resting liquidity of a market: YES bids and NO bids, [priceUnits, sizeHundredths]
   *  (each side's own leg price). The generator stops quoting that market from then on. */
  setKalshiBook(ticker: string, book: z.input<typeof ControlInput.setKalshiBook>): void;
  /** Replaces the simulated makers' liquidity of a Polymarket market, given as one token's own book (bids and asks,
   *  [priceUnits, sizeHundredths]); the other token shows the mirror. The generator stops quoting it. */
  setPolymarketBook(tokenId: string, book: z.input<typeof ControlInput.setPolymarketBook>): void;
  /** Moves a market's tick (the venue does near 0 and 1) and sends `tick_size_change`. */
  setPolymarketTick(conditionId: string, input: z.input<typeof ControlInput.setPolymarketTick>): void;
  injectArb(input: z.input<typeof ControlInput.injectArb>): ArbWindow;
  killConnections(venue: Venue): void;
  /** Kalshi's exchange pause (Polymarket has none: a RangeError). */
  pauseVenue(venue: Venue, paused: boolean): void;
  /** endpoint: a route ("POST /portfolio/events/orders", "POST /order"), "ws" for outbound WS frames, or omitted for all REST. */
  setLatency(venue: Venue, input: z.input<typeof ControlInput.setLatency>): void;
  account(accountId: string): AccountView | undefined;
  polymarketAccount(address: string): PolymarketAccountView | undefined;
  events(): readonly LogRecord[];
  /** The next `count` orders: rejected, answered only after delayMs (placed all the same), or filled delayMs late;
   *  on Polymarket also "delayed" (held delayMs, then matched or unmatched) and "trade-failed" (the next trades settle
   *  RETRYING → FAILED and are undone). */
  faultOrders(venue: Venue, input: z.input<typeof ControlInput.faultOrders>): void;
  /** The next orderbook message of every subscription skips `skip` sequence numbers (Kalshi only). */
  seqGap(venue: Venue, skip?: number): void;
  sendMalformed(venue: Venue, count?: number): void;
  /** Kalshi: per-second read/write buckets. Polymarket: the same numbers ×10 per 10 s window, over-limit answered 429. */
  setRateLimit(venue: Venue, input: z.input<typeof ControlInput.setRateLimit>): void;
  /** The venue's sockets stay open but send nothing: no data, no pings, no PONG (a client watchdog must fire). */
  silence(venue: Venue, silent: boolean): void;
  /** Sets a Kalshi event's fee override ({ feeType, multiplier }; both null clears it): market_lifecycle_v2 subscribers
   *  get `event_fee_update`, and the event's markets charge the returned rates from their next fill on (README). */
  setEventFee(eventTicker: string, input: z.input<typeof ControlInput.setEventFee>): FeeRates;
  /** The money of some accounts (a client's, by label, and/or named ones) at each game's worst and best outcome. */
  valuation(
    input: z.input<typeof ControlInput.valuation>,
  ): Valuation & { readonly kalshiAccounts: readonly string[]; readonly polymarketAddresses: readonly string[] };
}

function kalshiOnly(v: unknown, what: string): "kalshi" {
  const parsed = ControlInput.venue.parse(v);
  if (parsed !== "kalshi") throw new RangeError(`Polymarket has no ${what}`);
  return parsed;
}

export function createControl(core: SimCore): SimControl {
  function polymarketOf(gameIndex: number): MarketsView["games"][number]["polymarket"] {
    const e = core.listing.events[gameIndex];
    if (e === undefined) return { eventId: "", slug: "", title: "", negRisk: false, trap: false, markets: [] };
    return {
      eventId: e.eventId,
      slug: e.slug,
      title: e.title,
      negRisk: e.negRisk,
      trap: e.trap,
      markets: e.markets.map((m) => ({
        conditionId: m.conditionId,
        marketId: m.marketId,
        question: m.question,
        slug: m.slug,
        outcomes: m.outcomes.map((o) => ({ label: o.label, tokenId: o.tokenId })),
        status: core.polymarket.market(m.conditionId)?.status ?? "",
      })),
    };
  }
  const ex = core.kalshi;
  const pairs = new Map(core.listing.pairs.map((p) => [p.ticker, p]));
  return {
    createKalshiAccount(input) {
      const a = ControlInput.createKalshiAccount.parse(input);
      core.advance();
      return core.createKalshiAccount(a.publicKeyPem, a.balanceMicros, a.direct ?? false);
    },
    createPolymarketAccount(input) {
      const a = ControlInput.createPolymarketAccount.parse(input);
      core.advance();
      const address = a.privateKey === undefined ? (a.address as string) : privateKeyToAccount(a.privateKey as `0x${string}`).address;
      return core.createPolymarketAccount(address, a.balanceMicros, a.signatureType, a.funder ?? address);
    },
    markets() {
      core.advance();
      return {
        games: core.games.map((g, i) => ({
          gameId: g.gameId,
          league: g.league,
          away: { code: g.away.code, name: g.away.name },
          home: { code: g.home.code, name: g.home.name },
          startMs: g.startMs,
          endMs: g.endMs,
          settleMs: g.settleMs,
          kalshi: {
            seriesTicker: g.seriesTicker,
            eventTicker: g.eventTicker,
            title: g.title,
            markets: g.markets.map((m) => {
              const p = pairs.get(m.ticker);
              return {
                ticker: m.ticker,
                outcome: m.outcome,
                yesSubTitle: m.yesSubTitle,
                status: ex.market(m.ticker)?.status ?? "",
                polymarket:
                  p === undefined
                    ? undefined
                    : { conditionId: p.conditionId, yesTokenId: p.yesTokenId, noTokenId: p.noTokenId, polarity: p.polarity, trap: p.trap },
              };
            }),
          },
          polymarket: polymarketOf(i),
        })),
      };
    },
    setPolymarketBook(tokenId, book) {
      const b = ControlInput.setPolymarketBook.parse(book);
      core.advance();
      core.setPolymarketBook(tokenId, b.bids, b.asks);
    },
    setPolymarketTick(conditionId, input) {
      const t = ControlInput.setPolymarketTick.parse(input);
      core.advance();
      core.setPolymarketTick(conditionId, t.tickUnits);
    },
    setKalshiBook(ticker, book) {
      const b = ControlInput.setKalshiBook.parse(book);
      core.advance();
      core.setHouseBook(ticker, b.yes, b.no);
    },
    injectArb(input) {
      const a = ControlInput.injectArb.parse(input);
      core.advance();
      return core.injectArb(a.kind, a.kind === "poly_same_market" ? a.conditionId : a.ticker, a.edgeBps, a.sizeHundredths, a.durationMs);
    },
    killConnections(v) {
      core.fire({ kind: "connections.kill", atMs: 0, venue: ControlInput.venue.parse(v) });
    },
    pauseVenue(v, paused) {
      core.fire({ kind: "venue.pause", atMs: 0, venue: kalshiOnly(v, "an exchange pause"), paused });
    },
    setLatency(v, input) {
      const l = ControlInput.setLatency.parse(input);
      core.fire({ kind: "latency.set", atMs: 0, venue: ControlInput.venue.parse(v), ms: l.ms, ...(l.endpoint === undefined ? {} : { endpoint: l.endpoint }) });
    },
    account(accountId) {
      core.advance();
      const a = ex.account(accountId);
      if (a === undefined) return undefined;
      return {
        accountId,
        balanceMicros: a.balanceMicros,
        feesPaidMicros: a.feesPaidMicros,
        positions: [...a.positions].map(([ticker, p]) => ({ ticker, ...p })),
        orders: ex.ordersOf(accountId),
        fills: ex.fillsOf(accountId),
      };
    },
    polymarketAccount(address) {
      core.advance();
      const id = address.toLowerCase();
      const a = core.polymarket.account(id);
      if (a === undefined) return undefined;
      return {
        address: id,
        balanceMicros: a.balanceMicros,
        feesPaidMicros: a.feesPaidMicros,
        tokens: [...a.tokens].map(([tokenId, hundredths]) => ({ tokenId, hundredths })),
        orders: core.polymarket.ordersOf(id),
        trades: core.polymarket.tradesOf(id),
      };
    },
    events: () => core.log.records(),
    faultOrders(v, input) {
      const f = ControlInput.faultOrders.parse(input);
      const target = ControlInput.venue.parse(v);
      if (target === "kalshi" && (f.mode === "delayed" || f.mode === "trade-failed")) throw new RangeError(`fault ${f.mode} is Polymarket's only`);
      core.fire({ kind: "orders.fault", atMs: 0, venue: target, ...f });
    },
    seqGap(v, skip = 1) {
      core.fire({ kind: "ws.seq-gap", atMs: 0, venue: kalshiOnly(v, "sequence numbers"), skip });
    },
    silence(v, silent) {
      core.fire({ kind: "ws.silence", atMs: 0, venue: ControlInput.venue.parse(v), silent });
    },
    sendMalformed(v, count = 1) {
      core.fire({ kind: "ws.malformed", atMs: 0, venue: ControlInput.venue.parse(v), count });
    },
    setRateLimit(v, input) {
      const r = ControlInput.setRateLimit.parse(input);
      core.fire({ kind: "rate-limit.set", atMs: 0, venue: ControlInput.venue.parse(v), ...r });
    },
    setEventFee(eventTicker, input) {
      const f = ControlInput.setEventFee.parse(input);
      core.advance();
      return core.setEventFee(eventTicker, eventFeeOverride(f.feeType, f.multiplier));
    },
    valuation(input) {
      const v = ControlInput.valuation.parse(input);
      const labelled = v.client === undefined ? [] : core.accountsLabelled(v.client);
      const kalshiAccounts = [...new Set([...v.kalshiAccounts, ...labelled.filter((id) => core.kalshi.account(id) !== undefined)])];
      const polymarketAddresses = [
        ...new Set([...v.polymarketAddresses.map((a) => a.toLowerCase()), ...labelled.filter((id) => core.polymarket.account(id) !== undefined)]),
      ];
      const views = (ids: readonly string[], view: (id: string) => AccountView | PolymarketAccountView | undefined) =>
        ids.map((id) => {
          const a = view(id);
          if (a === undefined) throw new RangeError(`account ${id} not found`);
          return a;
        });
      return {
        ...valueAtOutcomes(
          this.markets(),
          views(kalshiAccounts, (id) => this.account(id)) as AccountView[],
          views(polymarketAddresses, (id) => this.polymarketAccount(id)) as PolymarketAccountView[],
          v.startBalanceMicros,
        ),
        kalshiAccounts,
        polymarketAddresses,
      };
    },
  };
}
