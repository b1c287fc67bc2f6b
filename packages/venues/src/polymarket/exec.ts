import type { Logger } from "pino";
import type { Address, Hex, LocalAccount } from "viem";
import type { CancelAck, ExecClient, FillReport, OrderAck, OrderIntent, OrderState, PositionReport, VenueError, VenueResult } from "../ports.js";
import {
  type AmountsResult,
  type OrderSide,
  baseUnitsToHundredths,
  centsForShares,
  computeLimitAmounts,
  computeMarketBuyAmounts,
  computeMarketSellAmounts,
} from "./amounts.js";
import type { PolymarketConfig } from "./config.js";
import { errorFromOrderMessage, makeError } from "./errors.js";
import type { PolymarketClob } from "./http.js";
import { type MarketInfo, MarketRegistry, parsePolymarketMarketKey } from "./markets.js";
import { type OrderSigner, createOrderSigner, nativeSigner } from "./order-signer.js";
import { orderStateFrom, orderStatusOf, tradeFills } from "./parse.js";
import {
  type OrderParties,
  type OrderVersion,
  type PolymarketOrderBody,
  type PolymarketOrderType,
  type SignedOrderV2,
  buildOrderV2,
  orderBody,
  orderDigestV2,
} from "./sign.js";
import { bytesToHex } from "./hex.js";
import type { PolyOpenOrder, PolyOrderResponse, PolyTrade } from "./wire.js";

export interface PolymarketExecOptions {
  /** Its `privateKey` signs the orders: it must be `account`'s. */
  readonly config: PolymarketConfig;
  readonly clob: PolymarketClob;
  readonly account: LocalAccount;
  readonly registry?: MarketRegistry;
  readonly logger: Logger;
  readonly now?: () => number;
  readonly random?: () => number;
}

interface OwnOrder {
  readonly clientOrderId: string;
  readonly market: string;
  readonly sizeHundredths: number;
}

/** An order built, hashed and signed, its POST body ready; not yet sent (`PolymarketExec.stageOrder`). */
export interface StagedOrder {
  /** The EIP-712 digest: the id the CLOB will give the order, and what its signature signs. */
  readonly orderId: string;
  readonly intent: OrderIntent;
  readonly order: SignedOrderV2;
  readonly negRisk: boolean;
  readonly side: OrderSide;
  readonly version: OrderVersion;
  /** What `sendStaged` posts, as is. */
  readonly body: PolymarketOrderBody;
}

const ORDER_TYPE: Readonly<Record<OrderIntent["timeInForce"], PolymarketOrderType>> = {
  fill_or_kill: "FOK",
  immediate_or_cancel: "FAK",
  good_till_canceled: "GTC",
};

const NO_CREDENTIALS = makeError("POLYMARKET_NOT_CONFIGURED", "rejected", "no API credentials");

/** Answers of /data/order that may mean "matched and forgotten" rather than "never placed". */
const FORGOTTEN: ReadonlySet<string> = new Set(["POLYMARKET_NOT_FOUND", "POLYMARKET_BAD_RESPONSE"]);

/** A bounded memory of our own order ids (FIFO), so a long run does not grow it without end. */
const MAX_OWN_ORDERS = 10_000;

// The warm-up's synthetic orders: a throwaway key (1) signs them, so no order the account never meant exists signed
// by it, even in memory. Both exchanges, every time in force, both sides and outcomes, a 256-bit token id as real
// ones are; each tick needs its own rounding, so the two common ticks are both run.
const WARM_KEY: Hex = `0x${"0".repeat(63)}1`;
const WARM_TOKEN = ((1n << 255n) | 1n).toString();
const WARM_MARKETS: readonly MarketInfo[] = [false, true].flatMap((negRisk) =>
  (["0.01", "0.001"] as const).map((tick) => ({
    conditionId: "warm-up",
    yesTokenId: WARM_TOKEN,
    noTokenId: WARM_TOKEN,
    tick,
    negRisk,
    feeRatePpm: 0,
    feeExponent: 0,
    minOrderHundredths: 0,
  })),
);
const WARM_INTENTS: readonly OrderIntent[] = (["fill_or_kill", "immediate_or_cancel", "good_till_canceled"] as const).flatMap((timeInForce) =>
  (["buy", "sell"] as const).flatMap((action) =>
    (["yes", "no"] as const).map((outcome) => ({
      clientOrderId: "warm-up",
      market: "warm-up",
      outcome,
      action,
      priceUnits: 4500,
      sizeHundredths: 1000,
      timeInForce,
    })),
  ),
);

/**
 * The Polymarket ExecClient: CLOB V2 orders, amounts in integers, one POST per order and the answer used as is.
 * An order is built, hashed once and signed (libsecp256k1) in `stageOrder`, before the POST; its id — the EIP-712
 * digest — is remembered, so user-channel events that beat the HTTP answer still map to our client order id, and a
 * caller can record it first.
 */
export class PolymarketExec implements ExecClient {
  readonly venue = "polymarket" as const;
  readonly registry: MarketRegistry;
  private readonly config: PolymarketConfig;
  private readonly clob: PolymarketClob;
  private readonly signer: OrderSigner;
  private warmSigner: OrderSigner | undefined;
  /** The next synthetic order variant `warmOrderPath` builds. */
  private warmTurn = 0;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly own = new Map<string, OwnOrder>();
  private orderVersion: OrderVersion | undefined;

  constructor(options: PolymarketExecOptions) {
    this.config = options.config;
    this.clob = options.clob;
    this.registry = options.registry ?? new MarketRegistry();
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    // Orders are signed from the raw key: viem's account API is async and re-hashes the typed data on every call.
    const key = options.config.privateKey;
    if (key === undefined) throw new RangeError("the Polymarket exec client signs orders with config.privateKey, which is missing");
    this.signer = createOrderSigner(key as Hex);
    if (this.signer.address.toLowerCase() !== options.account.address.toLowerCase()) throw new RangeError("config.privateKey is not the account's key");
    if (nativeSigner.available) this.logger.debug({ venue: "polymarket", signer: this.signer.engine }, "polymarket order signer");
    else
      this.logger.warn(
        { venue: "polymarket", signer: this.signer.engine, reason: nativeSigner.reason },
        "polymarket orders signed in JS (~7x slower): libsecp256k1 unavailable",
      );
  }

  /** Reads /version (the order format) once before trading; called again after order_version_mismatch. */
  async refreshVersion(): Promise<VenueResult<OrderVersion>> {
    const r = await this.clob.version();
    if (!r.ok) return r;
    if (r.value !== 2 && r.value !== 3) {
      return {
        ok: false,
        error: makeError("POLYMARKET_ORDER_VERSION_MISMATCH", "rejected", `the CLOB wants order version ${r.value}, this client signs 2 and 3`),
      };
    }
    if (this.orderVersion !== r.value) this.logger.info({ venue: "polymarket", version: r.value }, "polymarket order version");
    this.orderVersion = r.value;
    return { ok: true, value: r.value };
  }

  /** Loads a market's tokens, tick, neg-risk flag and fees (once; call before trading to keep it off the hot path). */
  prepare(market: string): Promise<VenueResult<MarketInfo>> {
    return this.registry.load(market, (conditionId) => this.clob.clobMarket(conditionId));
  }

  /** Our client order id for a venue order id, if the order is ours. */
  ownOrder(orderId: string): string | undefined {
    return this.own.get(orderId)?.clientOrderId;
  }

  private remember(orderId: string, o: OwnOrder): void {
    if (this.own.size >= MAX_OWN_ORDERS) {
      const oldest = this.own.keys().next();
      if (oldest.done !== true) this.own.delete(oldest.value);
    }
    this.own.set(orderId, o);
  }

  private amountsFor(intent: OrderIntent, m: MarketInfo, side: OrderSide): AmountsResult {
    if (intent.timeInForce === "good_till_canceled") return computeLimitAmounts(side, intent.sizeHundredths, intent.priceUnits, m.tick);
    return side === "BUY"
      ? computeMarketBuyAmounts(centsForShares(intent.sizeHundredths, intent.priceUnits), intent.priceUnits, m.tick)
      : computeMarketSellAmounts(intent.sizeHundredths, intent.priceUnits, m.tick);
  }

  /**
   * Builds, hashes and signs one order and writes its POST body: everything but the send. Shared by `stageOrder`
   * and `warmOrderPath`, so the warm-up optimises the very code a live order runs.
   */
  private compose(intent: OrderIntent, m: MarketInfo, version: OrderVersion, signer: OrderSigner, owner: string): VenueResult<StagedOrder> {
    const side: OrderSide = intent.action === "buy" ? "BUY" : "SELL";
    const amounts = this.amountsFor(intent, m, side);
    if (!amounts.ok)
      return { ok: false, error: makeError("POLYMARKET_INVALID_ORDER", "rejected", `${amounts.error} (price ${intent.priceUnits}, tick ${m.tick})`) };
    const parties: OrderParties = {
      signer: signer.address,
      signatureType: this.config.signatureType,
      funder: this.config.funderAddress as Address | undefined,
    };
    try {
      const order = buildOrderV2(
        parties,
        intent.outcome === "yes" ? m.yesTokenId : m.noTokenId,
        amounts.amounts,
        Math.floor(this.random() * Number.MAX_SAFE_INTEGER),
        this.now(),
      );
      // One digest: the id recorded before the send is the very hash the signature signs.
      const digest = orderDigestV2(order, this.config.chainId, m.negRisk, version);
      const signed: SignedOrderV2 = { ...order, signature: signer.sign(digest) };
      const body = orderBody(signed, owner, ORDER_TYPE[intent.timeInForce]);
      return { ok: true, value: { orderId: bytesToHex(digest), intent, order: signed, negRisk: m.negRisk, side, version, body } };
    } catch (err) {
      return { ok: false, error: makeError("POLYMARKET_NOT_CONFIGURED", "rejected", String(err)) };
    }
  }

  /**
   * Builds the order, computes its id (the EIP-712 digest), signs it and writes its POST body, without sending it,
   * so the caller can record the id before the order exists anywhere: after a crash the order is then found by
   * `getOrder(id)`, or known never to have been placed; and the send is only the HTTP request. Synchronous and
   * without I/O: the market must be loaded (`prepare`, or the market socket's registry); an unknown order version is
   * taken as 2, which a mismatch answer corrects (see `sendStaged`).
   */
  stageOrder(intent: OrderIntent): VenueResult<StagedOrder> {
    const owner = this.clob.apiKey;
    if (owner === undefined) return { ok: false, error: NO_CREDENTIALS };
    const m = this.registry.market(intent.market);
    if (m === undefined)
      return { ok: false, error: makeError("POLYMARKET_NOT_PREPARED", "rejected", `market ${intent.market} is not loaded; prepare it before trading`) };
    const staged = this.compose(intent, m, this.orderVersion ?? 2, this.signer, owner);
    if (staged.ok) this.remember(staged.value.orderId, { clientOrderId: intent.clientOrderId, market: m.conditionId, sizeHundredths: intent.sizeHundredths });
    return staged;
  }

  /**
   * Sends a staged order, once: its body is posted as it is. On `order_version_mismatch` nothing was placed: the
   * version is re-read and the order staged (so signed) again under a new id, which `onRestaged` receives before
   * that order is sent (so a caller that records ids first records this one too).
   */
  async sendStaged(staged: StagedOrder, onRestaged?: (orderId: string) => void): Promise<VenueResult<OrderAck>> {
    let s = staged;
    for (let attempt = 0; ; attempt++) {
      const r = await this.clob.postOrder(s.body);
      if (!r.ok) {
        // The venue refused the format, so nothing was placed: learn the version and sign once more (as the SDK does).
        if (r.error.code === "POLYMARKET_ORDER_VERSION_MISMATCH" && attempt === 0) {
          const v = await this.refreshVersion();
          if (v.ok) {
            const again = this.stageOrder(s.intent);
            if (!again.ok) return again;
            s = again.value;
            onRestaged?.(s.orderId);
            continue;
          }
        }
        return this.killedAck(r.error, s) ?? r;
      }
      return this.ackFrom(r.value, s);
    }
  }

  /**
   * Runs the whole order path — amounts, build, digest, signature, POST body and its JSON — on `orders` synthetic
   * orders (~55 µs each with libsecp256k1), sending, remembering and changing nothing, so the first real order meets
   * optimised code and warm caches (an arb is rare; the engine's warm-up calls this, at start and now and then). Each
   * call goes on through the 48 variants (both exchanges, two ticks, every time in force, side and outcome) where the
   * last stopped. A throwaway key signs them, with the same engine as live orders. Returns how many it built.
   */
  warmOrderPath(orders: number): number {
    this.warmSigner ??= createOrderSigner(WARM_KEY, this.signer.engine);
    const version = this.orderVersion ?? 2;
    const owner = this.clob.apiKey ?? "warm-up";
    let built = 0;
    for (let k = 0; k < orders; k++) {
      const turn = this.warmTurn++ % (WARM_MARKETS.length * WARM_INTENTS.length);
      const m = WARM_MARKETS[Math.floor(turn / WARM_INTENTS.length)] as MarketInfo;
      const s = this.compose(WARM_INTENTS[turn % WARM_INTENTS.length] as OrderIntent, m, version, this.warmSigner, owner);
      // postOrder's own serialisation, so its code is warm too.
      if (s.ok && JSON.stringify(s.value.body).length > 0) built++;
    }
    return built;
  }

  /** Loads the market and the order version when needed, then stages and sends the order. */
  async placeOrder(intent: OrderIntent): Promise<VenueResult<OrderAck>> {
    if (this.clob.apiKey === undefined) return { ok: false, error: NO_CREDENTIALS };
    const market = await this.prepare(intent.market);
    if (!market.ok) return market.error.code === "POLYMARKET_NOT_FOUND" ? { ok: false, error: { ...market.error, code: "POLYMARKET_UNKNOWN_MARKET" } } : market;
    if (this.orderVersion === undefined) {
      const v = await this.refreshVersion();
      if (!v.ok) return v;
    }
    const staged = this.stageOrder(intent);
    return staged.ok ? this.sendStaged(staged.value) : staged;
  }

  /**
   * A FOK/FAK the venue killed because the book could not fill it ran and filled nothing: an ordinary answer, not a
   * failure, so it comes back as Kalshi answers an unfilled IOC (filled 0, nothing working) under the id the caller
   * recorded before the send. The CLOB says so with a rejection message (HTTP 400, or 200 with success=false); taken
   * as an error it would count toward the breaker like a real reject.
   */
  private killedAck(error: VenueError, s: StagedOrder): VenueResult<OrderAck> | undefined {
    if (error.code !== "POLYMARKET_NOT_FILLED" || s.intent.timeInForce === "good_till_canceled") return undefined;
    this.logger.debug({ venue: "polymarket", orderId: s.orderId, reason: error.message }, "polymarket order killed unfilled");
    return { ok: true, value: { orderId: s.orderId, clientOrderId: s.intent.clientOrderId, filledHundredths: 0, remainingHundredths: 0, tsMs: this.now() } };
  }

  private ackFrom(res: PolyOrderResponse, s: StagedOrder): VenueResult<OrderAck> {
    const { intent, side, orderId: localId } = s;
    if (!res.success) {
      const error = errorFromOrderMessage(res.errorMsg, 200);
      return this.killedAck(error, s) ?? { ok: false, error };
    }
    const orderId = res.orderID === "" ? localId : res.orderID;
    if (orderId !== localId) {
      this.logger.warn({ venue: "polymarket", orderId, localId }, "polymarket order id differs from the local EIP-712 digest");
      this.remember(orderId, { clientOrderId: intent.clientOrderId, market: intent.market, sizeHundredths: intent.sizeHundredths });
    }
    const status = res.status === undefined ? undefined : orderStatusOf(res.status);
    const making = res.makingAmount ?? 0n;
    const taking = res.takingAmount ?? 0n;
    const sharesBase = side === "BUY" ? taking : making;
    const usdBase = side === "BUY" ? making : taking;
    const filled = status === "MATCHED" ? Math.min(intent.sizeHundredths, baseUnitsToHundredths(sharesBase)) : 0;
    const working = intent.timeInForce === "good_till_canceled" ? status === "LIVE" || status === "MATCHED" : status === "DELAYED";
    const ack: OrderAck = {
      orderId,
      clientOrderId: intent.clientOrderId,
      filledHundredths: filled,
      remainingHundredths: working ? Math.max(0, intent.sizeHundredths - filled) : 0,
      tsMs: this.now(),
      ...(filled > 0 && sharesBase > 0n && { avgPriceMicros: Number((usdBase * 1_000_000n) / sharesBase) }),
    };
    return { ok: true, value: ack };
  }

  async cancelOrder(orderId: string): Promise<VenueResult<CancelAck>> {
    const r = await this.clob.cancelOrder(orderId);
    if (!r.ok) return r;
    if (!r.value.canceled.includes(orderId)) {
      const reason = r.value.not_canceled?.[orderId];
      return { ok: false, error: makeError("POLYMARKET_REJECTED", "rejected", typeof reason === "string" ? reason : "order not canceled") };
    }
    const own = this.own.get(orderId);
    const after = await this.clob.order(orderId);
    const reduced = after.ok ? Math.max(0, Math.floor((after.value.original_size - after.value.size_matched) / 10_000)) : (own?.sizeHundredths ?? 0);
    return { ok: true, value: { orderId, ...(own !== undefined && { clientOrderId: own.clientOrderId }), reducedByHundredths: reduced, tsMs: this.now() } };
  }

  private async stateOf(o: PolyOpenOrder): Promise<VenueResult<OrderState>> {
    let token = this.registry.token(o.asset_id);
    if (token === undefined) {
      const m = await this.prepare(o.market);
      if (!m.ok) return m;
      token = this.registry.token(o.asset_id);
      if (token === undefined)
        return { ok: false, error: makeError("POLYMARKET_UNKNOWN_MARKET", "rejected", `token ${o.asset_id} is not in market ${o.market}`) };
    }
    return { ok: true, value: orderStateFrom(o, token, this.ownOrder(o.id) ?? o.id) };
  }

  async getOrder(orderId: string): Promise<VenueResult<OrderState>> {
    const r = await this.clob.order(orderId);
    return r.ok ? this.stateOf(r.value) : r;
  }

  /**
   * Our order by client order id. The CLOB keeps no client id, so this goes through the venue ids this process
   * signed for it: none known (another process placed it) is an unknown outcome, never "not at the venue"; known
   * ids the venue has never seen are.
   */
  async findOrder(market: string, clientOrderId: string): Promise<VenueResult<OrderState | undefined>> {
    const ids: string[] = [];
    for (const [id, o] of this.own) if (o.clientOrderId === clientOrderId && o.market === market) ids.push(id);
    if (ids.length === 0) return { ok: false, error: makeError("POLYMARKET_ORDER_UNTRACEABLE", "unknown", `no venue order id known for ${clientOrderId}`) };
    for (const id of ids) {
      const r = await this.getOrder(id);
      if (r.ok) return r;
      if (r.error.code !== "POLYMARKET_NOT_FOUND") return r;
    }
    return { ok: true, value: undefined };
  }

  /**
   * One of our orders by the id recorded before it was sent, in `market` (condition id or market key). The CLOB is
   * reported not to serve an order that matched at once (FOK/FAK) from /data/order (py-clob-client#217; UNVERIFIED
   * here), so the market's trades are read too: the order is absent (undefined) only when /data/order answers 404
   * and no trade names it. The id is remembered as ours, so the user channel and `fillsOf` map it after a restart.
   */
  async findOrderById(market: string, clientOrderId: string, orderId: string): Promise<VenueResult<OrderState | undefined>> {
    if (!this.own.has(orderId)) this.remember(orderId, { clientOrderId, market, sizeHundredths: 0 });
    const r = await this.getOrder(orderId);
    if (r.ok || !FORGOTTEN.has(r.error.code)) return r;
    const fills = await this.fillsIn(market, orderId);
    if (!fills.ok) return fills;
    const first = fills.value[0];
    if (first === undefined) return r.error.code === "POLYMARKET_NOT_FOUND" ? { ok: true, value: undefined } : r;
    const filled = fills.value.reduce((n, f) => n + f.sizeHundredths, 0);
    return {
      ok: true,
      value: {
        orderId,
        clientOrderId,
        market: first.market,
        outcome: first.outcome,
        status: "executed",
        yesPriceUnits: first.yesPriceUnits,
        initialHundredths: filled,
        filledHundredths: filled,
        remainingHundredths: 0,
      },
    };
  }

  /**
   * Every standing fill of one of our orders, from `/data/trades` of its market (fill ids as on the user channel).
   * The market comes from /data/order, or, for an order it does not serve, from the order's remembered market.
   */
  async fillsOf(orderId: string): Promise<VenueResult<FillReport[]>> {
    const order = await this.clob.order(orderId);
    const known = this.own.get(orderId)?.market;
    if (order.ok) return this.fillsIn(order.value.market, orderId);
    return known !== undefined && FORGOTTEN.has(order.error.code) ? this.fillsIn(known, orderId) : order;
  }

  private async fillsIn(market: string, orderId: string): Promise<VenueResult<FillReport[]>> {
    const r = await this.ownFillsIn(market);
    return r.ok ? { ok: true, value: r.value.filter((f) => f.orderId === orderId) } : r;
  }

  /**
   * Where our fills in the market stand on chain: `failed` — trades that failed, so the venue took their fills back;
   * `confirmed` — ids of fills whose trades are final. Read after a restart or a lost connection, when the user
   * channel's FAILED or CONFIRMED update may have come while no one listened.
   */
  async settlementsIn(market: string): Promise<VenueResult<{ failed: FillReport[]; confirmed: string[] }>> {
    const r = await this.tradesIn(market);
    if (!r.ok) return r;
    const failed: FillReport[] = [];
    const confirmed: string[] = [];
    for (const t of r.value) {
      if (t.trade.status === "FAILED") failed.push(...t.fills);
      else if (t.trade.status === "CONFIRMED") confirmed.push(...t.fills.map((f) => f.fillId));
    }
    return { ok: true, value: { failed, confirmed } };
  }

  /** /data/trades lists each trade once, at its latest status: every status but FAILED stands. */
  private async ownFillsIn(market: string): Promise<VenueResult<FillReport[]>> {
    const r = await this.tradesIn(market);
    return r.ok ? { ok: true, value: r.value.flatMap((t) => (t.trade.status === "FAILED" ? [] : t.fills)) } : r;
  }

  /** The market's trades with our fills in each. */
  private async tradesIn(market: string): Promise<VenueResult<{ trade: PolyTrade; fills: FillReport[] }[]>> {
    const apiKey = this.clob.apiKey;
    if (apiKey === undefined) return { ok: false, error: NO_CREDENTIALS };
    const prepared = await this.prepare(market);
    if (!prepared.ok) return prepared;
    const trades = await this.clob.trades({ market: parsePolymarketMarketKey(market).conditionId });
    if (!trades.ok) return trades;
    const tokenOf = (id: string) => this.registry.token(id);
    const ownOrder = (id: string) => this.ownOrder(id);
    return {
      ok: true,
      value: trades.value.map((trade) => {
        const ts = trade.match_time === undefined ? this.now() : Number(trade.match_time) * 1000;
        return { trade, fills: tradeFills(trade, tokenOf, apiKey, ownOrder, Number.isSafeInteger(ts) ? ts : this.now()) };
      }),
    };
  }

  async openOrders(market?: string): Promise<VenueResult<OrderState[]>> {
    const r = await this.clob.openOrders(market === undefined ? {} : { market });
    if (!r.ok) return r;
    const out: OrderState[] = [];
    for (const o of r.value) {
      const s = await this.stateOf(o);
      if (!s.ok) return s;
      out.push(s.value);
    }
    return { ok: true, value: out };
  }

  /**
   * Token balances of the prepared markets (the CLOB has no positions endpoint; the Data API does, off this client):
   * YES − NO shares. Fees and realized P&L are not reported by these endpoints and come back as 0.
   */
  async positions(): Promise<VenueResult<PositionReport[]>> {
    const out: PositionReport[] = [];
    for (const id of this.registry.conditionIds()) {
      const m = this.registry.market(id);
      if (m === undefined) continue;
      const yes = await this.clob.balanceAllowance("CONDITIONAL", m.yesTokenId);
      if (!yes.ok) return yes;
      const no = await this.clob.balanceAllowance("CONDITIONAL", m.noTokenId);
      if (!no.ok) return no;
      const net = baseUnitsToHundredths(yes.value) - baseUnitsToHundredths(no.value);
      if (net !== 0) out.push({ market: id, positionHundredths: net, feesPaidMicros: 0, realizedPnlMicros: 0 });
    }
    return { ok: true, value: out };
  }

  /** pUSD has 6 decimals, so its base units are micros. */
  async balanceMicros(): Promise<VenueResult<number>> {
    const r = await this.clob.balanceAllowance("COLLATERAL");
    if (!r.ok) return r;
    if (r.value > BigInt(Number.MAX_SAFE_INTEGER))
      return { ok: false, error: makeError("POLYMARKET_BAD_RESPONSE", "retryable", "balance beyond a safe integer") };
    return { ok: true, value: Number(r.value) };
  }

  async close(): Promise<void> {
    await this.clob.close();
  }
}
