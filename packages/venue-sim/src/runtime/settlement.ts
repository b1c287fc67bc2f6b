import type { PolymarketExchange, PolyTrade } from "../exchange/polymarket.js";
import type { EventLog } from "../log/event-log.js";
import type { Scenario } from "../scenario/schema.js";
import type { Bus, TradeStatus } from "./bus.js";
import type { PolymarketKnobs } from "./faults.js";

export type SettlementStatus = { readonly status: "MATCHED" | TradeStatus; readonly updatedMs: number };

/** Polymarket's on-chain settlement of user trades: MATCHED → MINED → CONFIRMED, or (a fault) → RETRYING → FAILED. */
export interface Settlement {
  /** Starts a matched trade's walk. */
  onMatched(trade: PolyTrade, nowMs: number): void;
  /** Where a trade's settlement stands. */
  status(tradeId: string): SettlementStatus;
}

export interface SettlementDeps {
  readonly scenario: Scenario;
  readonly polymarket: PolymarketExchange;
  readonly knobs: PolymarketKnobs;
  readonly schedule: (atMs: number, run: (nowMs: number) => void) => void;
  readonly log: EventLog;
  readonly bus: Bus;
  readonly accountLabel: (accountId: string) => string;
}

export function createSettlement({ scenario, polymarket, knobs, schedule, log, bus, accountLabel }: SettlementDeps): Settlement {
  const pm = scenario.polymarket;
  const tradeStatus = new Map<string, SettlementStatus>();

  function settle(trade: PolyTrade, status: TradeStatus, nowMs: number): void {
    tradeStatus.set(trade.tradeId, { status, updatedMs: nowMs });
    if (status === "FAILED") polymarket.revertTrade(trade.tradeId);
    log.append("trade.settled", nowMs, { venue: "polymarket", client: accountLabel(trade.takerAccountId), tradeId: trade.tradeId, status });
    bus.publish({ kind: "trade.settled", trade, status });
  }

  return {
    /** Every trade of a user walks MATCHED → MINED → CONFIRMED, or (an armed fault) MATCHED → RETRYING → FAILED. */
    onMatched(trade, nowMs) {
      const failing = knobs.failTrades > 0;
      if (failing) knobs.failTrades -= 1;
      schedule(nowMs + pm.minedMs, (t) => settle(trade, failing ? "RETRYING" : "MINED", t));
      schedule(nowMs + pm.confirmedMs, (t) => settle(trade, failing ? "FAILED" : "CONFIRMED", t));
    },
    status: (tradeId) => tradeStatus.get(tradeId) ?? { status: "MATCHED", updatedMs: polymarket.trade(tradeId)?.tsMs ?? 0 },
  };
}
