/**
 * Kalshi's instrument provider, pure part: what a market ticker says about its event. A market ticker is
 * `SERIES-EVENT-OUTCOME` (`KXNBAGAME-25NOV05LALSAS-LAL`: series `KXNBAGAME`, event `KXNBAGAME-25NOV05LALSAS`, outcome
 * `LAL`); the event code of a game starts with its date (`25NOV05`).
 */
export interface KalshiTickerParts {
  /** Everything before the last `-`: the event the market belongs to (fee overrides and lifecycle name it). */
  readonly eventTicker: string;
  /** Between the first and the last `-` (`25NOV05LALSAS`). */
  readonly eventCode: string;
  /** After the last `-` (`LAL`: the team, or `TIE`). */
  readonly outcome: string;
}

export function parseKalshiTicker(ticker: string): KalshiTickerParts {
  const last = ticker.lastIndexOf("-");
  return {
    eventTicker: ticker.slice(0, last),
    eventCode: ticker.slice(ticker.indexOf("-") + 1, last),
    outcome: ticker.slice(last + 1),
  };
}

/** The event a market ticker belongs to (`KXNBAGAME-25NOV05LALSAS-LAL` → `KXNBAGAME-25NOV05LALSAS`). */
export function kalshiEventTicker(ticker: string): string {
  return parseKalshiTicker(ticker).eventTicker;
}

/** Event code with its leading date dropped, then the outcome: `KXNBAGAME-25NOV05LALSAS-LAL` → `LALSAS LAL`. */
export function kalshiMarketLabel(ticker: string): string {
  const t = parseKalshiTicker(ticker);
  return `${t.eventCode.replace(/^\d{2}[A-Z]{3}\d{2}/, "")} ${t.outcome}`;
}
