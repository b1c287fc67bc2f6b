/**
 * Kalshi's per-fill fee rounding (docs "Fee Rounding", 2026-08-26), in integer micros (1e-6 $):
 *   trade_fee      = ceil_6dp(model_fee)                      (the caller passes it in, already ceiled)
 *   aligned_change = floor_precision(revenue − trade_fee)
 *   rounding_fee   = (revenue − trade_fee) − aligned_change    (≥ 0, added to the order's accumulator)
 *   rebate         = whole precision steps out of the accumulator, capped so the fill's net fee stays ≥ 0
 * The balance moves by aligned_change + rebate, always on the member's precision grid.
 */
export interface FillChargeInput {
  /** Signed cash of the fill before fees: negative for the buyer of either outcome. */
  readonly revenueMicros: number;
  readonly tradeFeeMicros: number;
  /** 10 000 ($0.01) for non-direct members, 100 ($0.0001) for direct members. */
  readonly precisionMicros: number;
  /** The order's rounding accumulator before this fill. */
  readonly accumulatorMicros: number;
}

export interface FillCharge {
  readonly tradeFeeMicros: number;
  readonly roundingFeeMicros: number;
  readonly rebateMicros: number;
  /** trade fee + rounding fee − rebate. */
  readonly netFeeMicros: number;
  readonly balanceChangeMicros: number;
  readonly accumulatorMicros: number;
}

/** Floor toward −∞ onto a grid of `step`, exact for safe integers. */
export function floorToStep(value: number, step: number): number {
  const r = ((value % step) + step) % step;
  return value - r;
}

export function computeFillCharge(input: FillChargeInput): FillCharge {
  const { revenueMicros, tradeFeeMicros, precisionMicros } = input;
  const raw = revenueMicros - tradeFeeMicros;
  const aligned = floorToStep(raw, precisionMicros);
  const roundingFeeMicros = raw - aligned;
  const accumulated = input.accumulatorMicros + roundingFeeMicros;
  const cap = floorToStep(tradeFeeMicros + roundingFeeMicros, precisionMicros);
  const rebateMicros = Math.min(floorToStep(accumulated, precisionMicros), cap);
  return {
    tradeFeeMicros,
    roundingFeeMicros,
    rebateMicros,
    netFeeMicros: tradeFeeMicros + roundingFeeMicros - rebateMicros,
    balanceChangeMicros: aligned + rebateMicros,
    accumulatorMicros: accumulated - rebateMicros,
  };
}
