import { ARB_TYPES } from "@arb/domain";
import { z } from "zod";
import type { FillRecord, OrderRecord } from "../engine/exchange.js";
import type { LogRecord } from "../log/event-log.js";
import type { ArbWindow } from "../runtime/bus.js";
import type { SimCore } from "../runtime/core.js";

const venue = z.literal("kalshi");
const level = z.tuple([z.number().int().min(1).max(9999), z.number().int().positive()]);

/** Inputs of the control operations; the admin HTTP API parses its bodies with the same schemas. */
export const ControlInput = {
  createKalshiAccount: z.object({ publicKeyPem: z.string().min(1), balanceMicros: z.number().int().nonnegative(), direct: z.boolean().optional() }),
  setKalshiBook: z.object({ yes: z.array(level), no: z.array(level) }),
  injectArb: z.object({
    kind: z.enum(ARB_TYPES),
    ticker: z.string().min(1).optional(),
    edgeBps: z.number().int().positive(),
    sizeHundredths: z.number().int().positive(),
    durationMs: z.number().int().positive(),
  }),
  setLatency: z.object({ endpoint: z.string().min(1).optional(), ms: z.number().int().nonnegative() }),
  faultOrders: z.object({ mode: z.enum(["reject", "timeout", "late-fill"]), count: z.number().int().positive().default(1), delayMs: z.number().int().nonnegative().default(2000) }),
  setRateLimit: z.object({ readPerSec: z.number().int().positive(), writePerSec: z.number().int().positive() }),
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
      readonly markets: readonly { readonly ticker: string; readonly outcome: string; readonly yesSubTitle: string; readonly status: string }[];
    };
  }[];
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
  markets(): MarketsView;
  /** Replaces the simulated makers' resting liquidity of a market: YES bids and NO bids, [priceUnits, sizeHundredths]
   *  (each side's own leg price). The generator stops quoting that market from then on. */
  setKalshiBook(ticker: string, book: z.input<typeof ControlInput.setKalshiBook>): void;
  injectArb(input: z.input<typeof ControlInput.injectArb>): ArbWindow;
  killConnections(venue: "kalshi"): void;
  pauseVenue(venue: "kalshi", paused: boolean): void;
  /** endpoint: a route ("POST /portfolio/events/orders"), "ws" for outbound WS frames, or omitted for all REST. */
  setLatency(venue: "kalshi", input: z.input<typeof ControlInput.setLatency>): void;
  account(accountId: string): AccountView | undefined;
  events(): readonly LogRecord[];
  /** The next `count` orders: rejected, answered only after delayMs (placed all the same), or filled delayMs late. */
  faultOrders(venue: "kalshi", input: z.input<typeof ControlInput.faultOrders>): void;
  /** The next orderbook message of every subscription skips `skip` sequence numbers. */
  seqGap(venue: "kalshi", skip?: number): void;
  sendMalformed(venue: "kalshi", count?: number): void;
  setRateLimit(venue: "kalshi", input: z.input<typeof ControlInput.setRateLimit>): void;
}

export function createControl(core: SimCore): SimControl {
  const ex = core.kalshi;
  return {
    createKalshiAccount(input) {
      const a = ControlInput.createKalshiAccount.parse(input);
      core.advance();
      return core.createKalshiAccount(a.publicKeyPem, a.balanceMicros, a.direct ?? false);
    },
    markets() {
      core.advance();
      return {
        games: core.games.map((g) => ({
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
            markets: g.markets.map((m) => ({ ticker: m.ticker, outcome: m.outcome, yesSubTitle: m.yesSubTitle, status: ex.market(m.ticker)?.status ?? "" })),
          },
        })),
      };
    },
    setKalshiBook(ticker, book) {
      const b = ControlInput.setKalshiBook.parse(book);
      core.advance();
      core.setHouseBook(ticker, b.yes, b.no);
    },
    injectArb(input) {
      const a = ControlInput.injectArb.parse(input);
      if (a.kind !== "kalshi_same_market") throw new RangeError(`arb kind ${a.kind} needs the Polymarket side of the simulator`);
      core.advance();
      return core.injectArb(a.ticker, a.edgeBps, a.sizeHundredths, a.durationMs);
    },
    killConnections(v) {
      core.fire({ kind: "connections.kill", atMs: 0, venue: ControlInput.venue.parse(v) });
    },
    pauseVenue(v, paused) {
      core.fire({ kind: "venue.pause", atMs: 0, venue: ControlInput.venue.parse(v), paused });
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
    events: () => core.log.records(),
    faultOrders(v, input) {
      const f = ControlInput.faultOrders.parse(input);
      core.fire({ kind: "orders.fault", atMs: 0, venue: ControlInput.venue.parse(v), ...f });
    },
    seqGap(v, skip = 1) {
      core.fire({ kind: "ws.seq-gap", atMs: 0, venue: ControlInput.venue.parse(v), skip });
    },
    sendMalformed(v, count = 1) {
      core.fire({ kind: "ws.malformed", atMs: 0, venue: ControlInput.venue.parse(v), count });
    },
    setRateLimit(v, input) {
      const r = ControlInput.setRateLimit.parse(input);
      core.fire({ kind: "rate-limit.set", atMs: 0, venue: ControlInput.venue.parse(v), ...r });
    },
  };
}
