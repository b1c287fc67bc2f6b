import type { AccountView, MarketsView, PolymarketAccountView } from "./control.js";

export interface Valuation {
  /** Cash now less what the accounts started with, in micros. */
  readonly cashMicros: number;
  /** Cash change plus holdings paid out at the outcome of each game that pays the least: what is locked in. */
  readonly guaranteedMicros: number;
  /** The same at the outcome that pays the most. */
  readonly bestMicros: number;
}

/**
 * Pure: some accounts' money at the venue, each game's holdings valued at its worst and best outcome. A Kalshi market
 * pays YES when its outcome wins and NO otherwise; a Polymarket token pays with the Kalshi market it is the YES twin
 * of, its other token when that market does not (each token counted once, whichever of a game's markets names it).
 */
export function valueAtOutcomes(
  markets: MarketsView,
  kalshi: readonly AccountView[],
  polymarket: readonly PolymarketAccountView[],
  startBalanceMicros: number,
): Valuation {
  let cash = 0;
  const positions = new Map<string, { yes: number; no: number }>();
  const tokens = new Map<string, number>();
  for (const a of kalshi) {
    cash += a.balanceMicros - startBalanceMicros;
    for (const p of a.positions) {
      const prior = positions.get(p.ticker) ?? { yes: 0, no: 0 };
      positions.set(p.ticker, { yes: prior.yes + p.yesHundredths, no: prior.no + p.noHundredths });
    }
  }
  for (const a of polymarket) {
    cash += a.balanceMicros - startBalanceMicros;
    for (const t of a.tokens) tokens.set(t.tokenId, (tokens.get(t.tokenId) ?? 0) + t.hundredths);
  }
  let worst = 0;
  let best = 0;
  for (const g of markets.games) {
    const payouts = g.kalshi.markets.map(({ outcome: winner }) => {
      let hundredths = 0;
      const paid = new Set<string>();
      for (const m of g.kalshi.markets) {
        const k = positions.get(m.ticker);
        if (k !== undefined) hundredths += m.outcome === winner ? k.yes : k.no;
        const twin = m.polymarket;
        if (twin === undefined) continue;
        for (const [tokenId, pays] of [
          [twin.yesTokenId, m.outcome === winner],
          [twin.noTokenId, m.outcome !== winner],
        ] as const) {
          if (paid.has(tokenId)) continue;
          paid.add(tokenId);
          if (pays) hundredths += tokens.get(tokenId) ?? 0;
        }
      }
      return hundredths * 10_000; // hundredths of a $1 contract → micros
    });
    if (payouts.length === 0) continue;
    worst += Math.min(...payouts);
    best += Math.max(...payouts);
  }
  return { cashMicros: cash, guaranteedMicros: cash + worst, bestMicros: cash + best };
}
