import type { MarketsView } from "@arb/venue-sim";
import { parseKalshiTicker } from "@arb/venues";

/** A two-team game as the peers list it: its two Kalshi tickers and each team's Polymarket token by team code. */
export interface PeerGame {
  readonly eventTicker: string;
  readonly title: string;
  readonly tickers: readonly [string, string];
  readonly teams: readonly [string, string];
  /** Team code (a ticker's last segment) → the Polymarket token that pays when that team wins. */
  readonly tokens: Readonly<Record<string, string>>;
  readonly conditionId: string;
}

export const teamCode = (ticker: string): string => parseKalshiTicker(ticker).outcome;

/** Pure: the simulator's two-team games (no draw market, not traps) in the peers' terms. */
export function peerGames(markets: MarketsView): PeerGame[] {
  return markets.games.flatMap((g) => {
    const [a, b] = g.kalshi.markets;
    if (g.kalshi.markets.length !== 2 || a?.polymarket === undefined || b?.polymarket === undefined || a.polymarket.trap || g.polymarket.trap) return [];
    return [
      {
        eventTicker: g.kalshi.eventTicker,
        title: g.kalshi.title,
        tickers: [a.ticker, b.ticker] as const,
        teams: [a.yesSubTitle, b.yesSubTitle] as const,
        tokens: { [teamCode(a.ticker)]: a.polymarket.yesTokenId, [teamCode(b.ticker)]: b.polymarket.yesTokenId },
        conditionId: a.polymarket.conditionId,
      },
    ];
  });
}
