/**
 * Numbered schema migrations, applied in order inside one transaction each; `PRAGMA user_version` holds the last
 * applied number. Money is INTEGER micros, sizes INTEGER hundredths, prices INTEGER units: never REAL.
 * Never edit a shipped migration; add the next one.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
  CREATE TABLE arbs (
    arb_id TEXT PRIMARY KEY, pair INTEGER NOT NULL, type TEXT NOT NULL, mode TEXT NOT NULL,
    planned_hundredths INTEGER NOT NULL, expected_profit_micros INTEGER NOT NULL, status TEXT NOT NULL,
    pending_second TEXT, resolve_attempts INTEGER NOT NULL, pnl_micros INTEGER NOT NULL, unwind_loss_micros INTEGER NOT NULL,
    created_ms INTEGER NOT NULL, deadline_ms INTEGER NOT NULL, closed_ms INTEGER
  ) STRICT;
  CREATE INDEX arbs_status ON arbs (status);
  CREATE TABLE orders (
    client_order_id TEXT PRIMARY KEY, arb_id TEXT NOT NULL REFERENCES arbs (arb_id), role TEXT NOT NULL,
    venue TEXT NOT NULL, market TEXT NOT NULL, pair INTEGER NOT NULL, leg INTEGER NOT NULL,
    outcome TEXT NOT NULL, action TEXT NOT NULL, price_units INTEGER NOT NULL, size_hundredths INTEGER NOT NULL,
    time_in_force TEXT NOT NULL, status TEXT NOT NULL, venue_order_id TEXT,
    filled_hundredths INTEGER NOT NULL, venue_filled_hundredths INTEGER NOT NULL,
    cost_micros INTEGER NOT NULL, fee_micros INTEGER NOT NULL, cancel_requested INTEGER NOT NULL,
    error_code TEXT, created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX orders_arb ON orders (arb_id);
  CREATE INDEX orders_status ON orders (status);
  CREATE TABLE order_events (
    id INTEGER PRIMARY KEY, client_order_id TEXT NOT NULL REFERENCES orders (client_order_id),
    from_status TEXT NOT NULL, to_status TEXT NOT NULL, input TEXT NOT NULL, detail TEXT NOT NULL, ts_ms INTEGER NOT NULL
  ) STRICT;
  CREATE TABLE fills (
    venue TEXT NOT NULL, fill_id TEXT NOT NULL, client_order_id TEXT NOT NULL, venue_order_id TEXT NOT NULL,
    market TEXT NOT NULL, pair INTEGER NOT NULL, leg INTEGER NOT NULL, price_units INTEGER NOT NULL,
    size_hundredths INTEGER NOT NULL, fee_micros INTEGER NOT NULL, cash_micros INTEGER NOT NULL,
    is_taker INTEGER NOT NULL, ts_ms INTEGER NOT NULL,
    PRIMARY KEY (venue, fill_id)
  ) STRICT;
  CREATE INDEX fills_order ON fills (client_order_id);
  CREATE TABLE positions (
    pair INTEGER NOT NULL, leg INTEGER NOT NULL, contracts_hundredths INTEGER NOT NULL,
    cost_micros INTEGER NOT NULL, fees_micros INTEGER NOT NULL, PRIMARY KEY (pair, leg)
  ) STRICT;
  CREATE TABLE alerts (
    id INTEGER PRIMARY KEY, ts_ms INTEGER NOT NULL, kind TEXT NOT NULL, severity TEXT NOT NULL, arb_id TEXT, pair INTEGER,
    exposure_hundredths INTEGER NOT NULL, exposure_micros INTEGER NOT NULL, message TEXT NOT NULL
  ) STRICT;
  CREATE TABLE breaker_events (
    id INTEGER PRIMARY KEY, ts_ms INTEGER NOT NULL, kind TEXT NOT NULL, reason TEXT NOT NULL, detail TEXT NOT NULL, until_ms INTEGER
  ) STRICT;
  CREATE TABLE daily_pnl (
    day INTEGER PRIMARY KEY, locked_profit_micros INTEGER NOT NULL, realized_pnl_micros INTEGER NOT NULL,
    unwind_loss_micros INTEGER NOT NULL, fees_micros INTEGER NOT NULL
  ) STRICT;
  CREATE TABLE settlements (
    id INTEGER PRIMARY KEY, pair INTEGER NOT NULL, result TEXT NOT NULL, pnl_micros INTEGER NOT NULL, payout_micros INTEGER NOT NULL, ts_ms INTEGER NOT NULL
  ) STRICT;
  CREATE TABLE balances (venue TEXT PRIMARY KEY, opening_micros INTEGER NOT NULL, at_ms INTEGER NOT NULL) STRICT;
  `,
  // A fill the venue took back (a Polymarket trade that failed on chain) stays, marked, so it is never booked again.
  `
  ALTER TABLE fills ADD COLUMN reversed_ms INTEGER;
  `,
  // Money by venue market and side (the venue's orientation), no longer by a per-run pair number: holdings rebuilt from
  // the fills (an inverted Polymarket key holds the market's other token), less what settled; arbs name their legs'
  // markets and their event, so a restart with another pair set resolves them on the right markets.
  `
  CREATE TABLE holdings (
    venue TEXT NOT NULL, market TEXT NOT NULL, side TEXT NOT NULL,
    contracts_hundredths INTEGER NOT NULL, cost_micros INTEGER NOT NULL, fees_micros INTEGER NOT NULL,
    PRIMARY KEY (venue, market, side)
  ) STRICT;
  INSERT INTO holdings
    SELECT venue,
      CASE WHEN market LIKE '%:inverted' THEN substr(market, 1, length(market) - 9) ELSE market END,
      CASE WHEN (leg IN (0, 2)) <> (market LIKE '%:inverted') THEN 'yes' ELSE 'no' END,
      SUM(size_hundredths), SUM(price_units * size_hundredths), SUM(fee_micros)
    FROM fills WHERE reversed_ms IS NULL AND pair NOT IN (SELECT pair FROM settlements) GROUP BY 1, 2, 3;
  DROP TABLE positions;
  CREATE TABLE market_settlements (
    id INTEGER PRIMARY KEY, venue TEXT NOT NULL, market TEXT NOT NULL, winner TEXT NOT NULL,
    pnl_micros INTEGER NOT NULL, payout_micros INTEGER NOT NULL, ts_ms INTEGER NOT NULL
  ) STRICT;
  ALTER TABLE arbs ADD COLUMN legs TEXT;
  ALTER TABLE arbs ADD COLUMN event_id TEXT;
  `,
  // The order lifecycle is spelled like the venues' statuses: "canceled" (it was "cancelled").
  `
  UPDATE orders SET status = 'canceled' WHERE status = 'cancelled';
  UPDATE order_events SET from_status = 'canceled' WHERE from_status = 'cancelled';
  UPDATE order_events SET to_status = 'canceled' WHERE to_status = 'cancelled';
  `,
];
