import { type ExchangeEvent, netExchangeEvents } from "../exchange/kalshi.js";
import type { VenueStep } from "../exchange/house.js";
import { type PolyEvent, type PolyTrade, netPolyEvents } from "../exchange/polymarket.js";
import type { EventLog } from "../log/event-log.js";
import type { Bus } from "./bus.js";

/**
 * Engine steps: what an exchange operation changed goes out once, its level changes netted, numbered so that frames
 * and window records name the step they belong to. The streams only ever carry books the engine had.
 */
export interface Steps {
  /** The number of the latest step that went out. */
  current(): number;
  publishKalshi(step: VenueStep<unknown, ExchangeEvent>): void;
  publishPolymarket(step: VenueStep<unknown, PolyEvent>): void;
  /**
   * Runs `fn` as one engine step: what it changes on either venue goes out once at the end, netted, Kalshi's frames
   * then Polymarket's, back to back in the same synchronous turn (a cross-venue window opens or closes on both venues
   * at once). Even when `fn` fails half-way, what it did change still goes out, so the streams follow the engine.
   */
  asOneStep<T>(fn: () => T): T;
}

export interface StepsDeps {
  readonly clock: () => number;
  readonly log: EventLog;
  readonly bus: Bus;
  readonly accountLabel: (accountId: string) => string;
  /** A user trade matched on Polymarket (its settlement starts). */
  readonly onTradeMatched: (trade: PolyTrade, nowMs: number) => void;
}

/** One venue's stream: how its raw events are netted, logged and announced. */
interface Stream<E> {
  readonly net: (raw: readonly E[]) => E[];
  readonly record: (e: E, simMs: number) => void;
  readonly announce: (step: number, events: readonly E[]) => void;
}

export function createSteps({ clock, log, bus, accountLabel, onTradeMatched }: StepsDeps): Steps {
  let stepSeq = 0;
  /** The step asOneStep is gathering; undefined while each publish goes out at once. */
  let gathering: { readonly kalshi: ExchangeEvent[]; readonly polymarket: PolyEvent[] } | undefined;

  const kalshi: Stream<ExchangeEvent> = {
    net: netExchangeEvents,
    record(e, simMs) {
      const venue = "kalshi";
      if (e.kind === "fill.booked") log.append("fill.booked", simMs, { venue, client: accountLabel(e.fill.accountId), fill: e.fill });
      else if (e.kind === "market.changed")
        log.append("market.changed", simMs, { venue, ticker: e.market.ticker, status: e.market.status, result: e.market.result });
      else if (e.kind === "account.settled") log.append("account.settled", simMs, { venue, ...e });
    },
    announce: (step, events) => bus.publish({ kind: "exchange.stepped", venue: "kalshi", step, events }),
  };

  const polymarket: Stream<PolyEvent> = {
    net: netPolyEvents,
    record(e, simMs) {
      if (e.kind === "trade.matched") {
        log.append("trade.matched", simMs, { venue: "polymarket", client: accountLabel(e.trade.takerAccountId), trade: e.trade });
        onTradeMatched(e.trade, simMs);
      } else if (e.kind === "market.changed") {
        log.append("market.changed", simMs, {
          venue: "polymarket",
          conditionId: e.market.conditionId,
          status: e.market.status,
          winner: e.market.winner ?? null,
        });
      }
    },
    announce: (step, events) => bus.publish({ kind: "polymarket.stepped", step, events }),
  };

  function emit<E>(stream: Stream<E>, raw: readonly E[], stepId: number): void {
    const events = stream.net(raw);
    if (events.length === 0) return;
    const simMs = clock();
    for (const e of events) stream.record(e, simMs);
    stream.announce(stepId, events);
  }

  return {
    current: () => stepSeq,
    publishKalshi(step) {
      if (gathering !== undefined) gathering.kalshi.push(...step.events);
      else emit(kalshi, step.events, ++stepSeq);
    },
    publishPolymarket(step) {
      if (gathering !== undefined) gathering.polymarket.push(...step.events);
      else emit(polymarket, step.events, ++stepSeq);
    },
    asOneStep<T>(fn: () => T): T {
      if (gathering !== undefined) return fn();
      const step = { kalshi: [] as ExchangeEvent[], polymarket: [] as PolyEvent[] };
      gathering = step;
      try {
        return fn();
      } finally {
        gathering = undefined;
        stepSeq += 1;
        emit(kalshi, step.kalshi, stepSeq);
        emit(polymarket, step.polymarket, stepSeq);
      }
    },
  };
}
