import type { Outcome, VenueResult } from "../ports.js";
import { type TickSize, tickSizeOfUnits } from "./amounts.js";
import { makeError } from "./errors.js";
import type { TokenInfo } from "./parse.js";
import type { PolyClobMarket } from "./wire.js";

/** What trading a market needs, from GET /clob-markets/{conditionId}. */
export interface MarketInfo {
  /** The key orders and books name the market by: its condition id, or the inverted key of the swapped view. */
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

const INVERTED = ":inverted";

/**
 * The key a pair names a Polymarket market by: the condition id when the pair's YES is the market's "yes" token (as
 * `marketInfoFrom` reads it), else the condition id with an `:inverted` suffix. Two pairs can then share one market
 * with opposite polarity (the two team markets of a Kalshi game, both against one team-vs-team market): every lookup
 * by the inverted key sees the two tokens swapped.
 */
export function polymarketMarketKey(conditionId: string, inverted: boolean): string {
  return inverted ? conditionId + INVERTED : conditionId;
}

export function parsePolymarketMarketKey(key: string): { readonly conditionId: string; readonly inverted: boolean } {
  return key.endsWith(INVERTED) ? { conditionId: key.slice(0, -INVERTED.length), inverted: true } : { conditionId: key, inverted: false };
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

/**
 * Market and token lookups shared by the exec client and the user stream; filled from /clob-markets. A market is
 * held once, by condition id; its inverted key resolves to a view with the tokens swapped (made once per update).
 * A token's own entry stays in the venue's orientation.
 */
export class MarketRegistry {
  private readonly byMarket = new Map<string, MarketInfo>();
  private readonly byToken = new Map<string, TokenInfo>();
  private readonly inverted = new Map<string, MarketInfo>();

  add(info: MarketInfo): void {
    this.byMarket.set(info.conditionId, info);
    this.inverted.delete(polymarketMarketKey(info.conditionId, true));
    this.byToken.set(info.yesTokenId, { market: info.conditionId, outcome: "yes" });
    this.byToken.set(info.noTokenId, { market: info.conditionId, outcome: "no" });
  }

  /** By condition id or inverted key; undefined until the market itself was added. */
  market(key: string): MarketInfo | undefined {
    const direct = this.byMarket.get(key);
    if (direct !== undefined || !key.endsWith(INVERTED)) return direct;
    let view = this.inverted.get(key);
    if (view === undefined) {
      const m = this.byMarket.get(parsePolymarketMarketKey(key).conditionId);
      if (m === undefined) return undefined;
      view = { ...m, conditionId: key, yesTokenId: m.noTokenId, noTokenId: m.yesTokenId };
      this.inverted.set(key, view);
    }
    return view;
  }

  /**
   * The market as `key` orients it, read from /clob-markets (`fetch`) only when its condition id is not held yet: the
   * exec client and the market socket load markets through here, by condition id or inverted key alike.
   */
  async load(key: string, fetch: (conditionId: string) => Promise<VenueResult<PolyClobMarket>>): Promise<VenueResult<MarketInfo>> {
    const known = this.market(key);
    if (known !== undefined) return { ok: true, value: known };
    const r = await fetch(parsePolymarketMarketKey(key).conditionId);
    const info = r.ok ? marketInfoFrom(r.value) : r;
    if (!info.ok) return info;
    this.add(info.value);
    const oriented = this.market(key);
    return oriented === undefined
      ? { ok: false, error: makeError("POLYMARKET_UNKNOWN_MARKET", "rejected", `no market ${key}`) }
      : { ok: true, value: oriented };
  }

  token(tokenId: string): TokenInfo | undefined {
    return this.byToken.get(tokenId);
  }

  tokenOf(key: string, outcome: Outcome): string | undefined {
    const m = this.market(key);
    return m === undefined ? undefined : outcome === "yes" ? m.yesTokenId : m.noTokenId;
  }

  /** The venue moved the tick (tick_size_change); later orders use the new rounding. */
  setTick(tokenId: string, tickUnits: number): void {
    const t = this.byToken.get(tokenId);
    const tick = tickSizeOfUnits(tickUnits);
    const m = t === undefined ? undefined : this.byMarket.get(t.market);
    if (m !== undefined && tick !== undefined) this.add({ ...m, tick });
  }

  /** Condition ids only: the inverted views hold no tokens of their own. */
  conditionIds(): string[] {
    return [...this.byMarket.keys()];
  }
}
