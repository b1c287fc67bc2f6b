import type { Outcome, VenueResult } from "../ports.js";
import { type TickSize, tickSizeOfUnits } from "./amounts.js";
import { makeError } from "./errors.js";
import type { TokenInfo } from "./parse.js";
import type { PolyClobMarket } from "./wire.js";

/** What trading a market needs, from GET /clob-markets/{conditionId}. */
export interface MarketInfo {
  readonly conditionId: string;
  readonly yesTokenId: string;
  readonly noTokenId: string;
  readonly tick: TickSize;
  readonly negRisk: boolean;
  /** Taker fee rate (fd.r) in ppm and exponent (fd.e); rate 0 when the market has no fee details. */
  readonly feeRatePpm: number;
  readonly feeExponent: number;
  readonly minOrderHundredths: number;
}

/**
 * The market's two tokens in YES/NO order: by outcome label when it says Yes/No, else the venue's order (first
 * outcome = the "yes" leg, as Gamma's clobTokenIds[0] ↔ outcomes[0]); the pairing layer decides which team is YES.
 */
export function marketInfoFrom(m: PolyClobMarket): VenueResult<MarketInfo> {
  const yes = m.t.find((x) => x.o.toLowerCase() === "yes") ?? m.t[0];
  const no = m.t.find((x) => x.o.toLowerCase() === "no") ?? m.t[1];
  const tick = tickSizeOfUnits(m.mts);
  if (yes === undefined || no === undefined || yes.t === no.t) {
    return { ok: false, error: makeError("POLYMARKET_BAD_RESPONSE", "retryable", `market ${m.c} does not list two tokens`) };
  }
  if (tick === undefined) return { ok: false, error: makeError("POLYMARKET_BAD_RESPONSE", "retryable", `market ${m.c} has an unknown tick (${m.mts} units)`) };
  return {
    ok: true,
    value: {
      conditionId: m.c,
      yesTokenId: yes.t,
      noTokenId: no.t,
      tick,
      negRisk: m.nr ?? false,
      feeRatePpm: m.fd?.r ?? 0,
      feeExponent: m.fd?.e ?? 0,
      minOrderHundredths: m.mos ?? 0,
    },
  };
}

/** Market and token lookups shared by the exec client and the user stream; filled from /clob-markets. */
export class MarketRegistry {
  private readonly byMarket = new Map<string, MarketInfo>();
  private readonly byToken = new Map<string, TokenInfo>();

  add(info: MarketInfo): void {
    this.byMarket.set(info.conditionId, info);
    this.byToken.set(info.yesTokenId, { market: info.conditionId, outcome: "yes" });
    this.byToken.set(info.noTokenId, { market: info.conditionId, outcome: "no" });
  }

  market(conditionId: string): MarketInfo | undefined {
    return this.byMarket.get(conditionId);
  }

  token(tokenId: string): TokenInfo | undefined {
    return this.byToken.get(tokenId);
  }

  tokenOf(conditionId: string, outcome: Outcome): string | undefined {
    const m = this.byMarket.get(conditionId);
    return m === undefined ? undefined : outcome === "yes" ? m.yesTokenId : m.noTokenId;
  }

  /** The venue moved the tick (tick_size_change); later orders use the new rounding. */
  setTick(tokenId: string, tickUnits: number): void {
    const t = this.byToken.get(tokenId);
    const tick = tickSizeOfUnits(tickUnits);
    const m = t === undefined ? undefined : this.byMarket.get(t.market);
    if (m !== undefined && tick !== undefined) this.byMarket.set(m.conditionId, { ...m, tick });
  }

  conditionIds(): string[] {
    return [...this.byMarket.keys()];
  }
}
