import { ONE_DOLLAR_UNITS } from "@arb/domain";
import type { Game } from "./games.js";
import type { Rng } from "./rng.js";

/**
 * A game's fair value: one latent strength on the logit scale that random-walks, so the outcome markets of
 * a game move together (home up ⇔ away down) and always sum to $1 (with the tie for soccer).
 */
export interface FairState {
  readonly logit: number;
}

const TIE_SHARE = 0.26;

export function initialFair(rng: Rng): FairState {
  return { logit: rng.normal() * 0.6 };
}

/** Pure: one step of dtMs; volatility is per √second on the logit scale, in basis points. */
export function stepFair(state: FairState, rng: Rng, dtMs: number, volatilityBps: number): FairState {
  const sigma = (volatilityBps / 10_000) * Math.sqrt(dtMs / 1000);
  const logit = Math.max(-4, Math.min(4, state.logit + sigma * rng.normal()));
  return { logit };
}

/** Fair YES price of each market of the game, in units, keyed by outcome (team code or "TIE"). */
export function outcomeFairUnits(game: Game, state: FairState): Map<string, number> {
  const pHome = 1 / (1 + Math.exp(-state.logit));
  const hasTie = game.markets.some((m) => m.outcome === "TIE");
  const live = hasTie ? 1 - TIE_SHARE : 1;
  const out = new Map<string, number>();
  out.set(game.home.code, Math.round(pHome * live * ONE_DOLLAR_UNITS));
  out.set(game.away.code, Math.round((1 - pHome) * live * ONE_DOLLAR_UNITS));
  if (hasTie) out.set("TIE", Math.round(TIE_SHARE * ONE_DOLLAR_UNITS));
  return out;
}

/** Draws the winning outcome from the fair value at the final whistle. */
export function drawWinner(game: Game, state: FairState, rng: Rng): string {
  const fair = outcomeFairUnits(game, state);
  let u = rng.next() * ONE_DOLLAR_UNITS;
  for (const m of game.markets) {
    u -= fair.get(m.outcome) ?? 0;
    if (u < 0) return m.outcome;
  }
  return game.home.code;
}
