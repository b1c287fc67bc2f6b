import { polymarketOrderFeeMicros } from "@arb/domain";
import type { FillReport, MarketRegistry, PolymarketExec, PolymarketMarketData } from "@arb/venues";
import { outcomePriceUnits } from "../core/positions.js";
import type { DepthSource, ExecVenue } from "./port.js";

/**
 * The Polymarket exec client as an `ExecVenue`. The CLOB keeps no client order id, so every order is identified
 * before it is sent: its id (the EIP-712 digest) is committed with the order and is how it is found after a crash. Its fills
 * carry no fee, so the exact taker fee is computed from the market's own `fd` (rate, exponent) as the venue charges
 * it per fill; makers pay none.
 */
export function polymarketExecVenue(exec: PolymarketExec): ExecVenue {
  const feeOf = (f: FillReport) => polymarketFillFeeMicros(exec.registry, f);
  return {
    venue: "polymarket",
    client: exec,
    findOrder: (market, clientOrderId, venueOrderId) =>
      venueOrderId === undefined ? exec.findOrder(market, clientOrderId) : exec.findOrderById(market, clientOrderId, venueOrderId),
    identify(intent) {
      const r = exec.stageOrder(intent);
      if (!r.ok) return r;
      const staged = r.value;
      return { ok: true, value: { venueOrderId: staged.orderId, send: (onReplaced) => exec.sendStaged(staged, onReplaced) } };
    },
    async fillsOf(venueOrderId) {
      const r = await exec.fillsOf(venueOrderId);
      if (!r.ok) return r;
      return { ok: true, value: r.value.map((f) => withFee(f, feeOf(f))) };
    },
    async settlements(markets) {
      const failed: FillReport[] = [];
      const confirmed: string[] = [];
      for (const m of markets) {
        const r = await exec.settlementsIn(m);
        if (!r.ok) return r;
        failed.push(...r.value.failed.map((f) => withFee(f, feeOf(f))));
        confirmed.push(...r.value.confirmed);
      }
      return { ok: true, value: { failed, confirmed } };
    },
    feeOf,
    warm: (orders) => void exec.warmOrderPath(orders),
    async prepare(markets) {
      const v = await exec.refreshVersion();
      if (!v.ok) return v;
      for (const m of markets) {
        const r = await exec.prepare(m);
        if (!r.ok) return r;
      }
      return { ok: true, value: undefined };
    },
  };
}

/** The fee of one fill from its market's `fd`; undefined while the market is not loaded. */
export function polymarketFillFeeMicros(registry: MarketRegistry, f: FillReport): number | undefined {
  if (f.feeMicros !== undefined) return f.feeMicros;
  const m = registry.market(f.market);
  if (m === undefined) return undefined;
  if (!f.isTaker || m.feeRatePpm === 0) return 0;
  return polymarketOrderFeeMicros(f.sizeHundredths, outcomePriceUnits(f.outcome, f.yesPriceUnits), m.feeRatePpm, m.feeExponent);
}

const withFee = (f: FillReport, fee: number | undefined): FillReport => (fee === undefined || f.feeMicros !== undefined ? f : { ...f, feeMicros: fee });

/**
 * Asks from the client's token books (`PolymarketMarketData.askDepth`, by market key in either orientation); none for
 * an unseeded book or while the market's two books show a state that cannot exist (see the feed's consistency rule).
 * The client finds the token through its own registry, the one `createPolymarketClients` shares with the exec client.
 * One array per call, the client's.
 */
export function polymarketDepth(marketData: PolymarketMarketData): DepthSource {
  return { asks: (market, outcome) => marketData.askDepth(market, outcome) };
}
