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

/** A mapping pair's Polymarket side as the venue lists the market: the key to trade it under and its fee terms. */
export interface PolymarketPairBinding {
  /** `polymarketMarketKey(conditionId, inverted)`: what orders, books and `track` name the market by. */
  readonly market: string;
  /** The pair's YES is the market's "no" token (the second team of a team-vs-team market). */
  readonly inverted: boolean;
  /** Taker fee (fd.r, ppm; 0 without fee details) and exponent (fd.e; 1, the venue's usual, when not given). */
  readonly feeRatePpm: number;
  readonly feeExponent: 0 | 1 | 2;
  /** The market's minimum order (mos), when it gives one. */
  readonly minOrderHundredths?: number;
}

export type PolymarketPairBindResult =
  | { readonly ok: true; readonly value: PolymarketPairBinding }
  /** `market_unavailable`: the market cannot be read; `tokens_mismatch`: the pair's tokens are not the market's. */
  | { readonly ok: false; readonly why: "market_unavailable" | "tokens_mismatch"; readonly message: string };

/**
 * Binds a pair's two token ids to the market from GET /clob-markets/{conditionId}. Orders name an outcome ("yes" /
 * "no") of a market key and the client turns it into a token: a pair whose Kalshi-YES twin is the market's "no"
 * token trades under the inverted key, so both team markets of a game bind to the one Polymarket market with
 * opposite polarity. Tokens that are neither the market's pair nor its swap are refused. The key is made from the
 * pair's condition id, the one the market was asked for.
 */
export function bindPolymarketPair(
  m: PolyClobMarket,
  pair: { readonly conditionId: string; readonly yesTokenId: string; readonly noTokenId: string },
): PolymarketPairBindResult {
  const info = marketInfoFrom(m);
  if (!info.ok) return { ok: false, why: "market_unavailable", message: info.error.message };
  const { yesTokenId, noTokenId } = info.value;
  const inverted = yesTokenId === pair.noTokenId && noTokenId === pair.yesTokenId;
  if (!inverted && (yesTokenId !== pair.yesTokenId || noTokenId !== pair.noTokenId)) {
    return { ok: false, why: "tokens_mismatch", message: "the pair's tokens are not the market's" };
  }
  return {
    ok: true,
    value: {
      market: polymarketMarketKey(pair.conditionId, inverted),
      inverted,
      feeRatePpm: m.fd?.r ?? 0,
      // The schedule knows exponents 0–2; the venue documents 1 as the usual one.
      feeExponent: (m.fd?.e ?? 1) as 0 | 1 | 2,
      ...(m.mos !== undefined && { minOrderHundredths: m.mos }),
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
