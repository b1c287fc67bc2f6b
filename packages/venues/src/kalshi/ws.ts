import type { DetectionEngine } from "@arb/core-wasm";
import type { Logger } from "pino";
import { computeBackoffMs } from "../backoff.js";
import type { MarketBinding, MarketDataClient, Outcome, VenueEventSink } from "../ports.js";
import type { KalshiSigner } from "./auth.js";
import { type NoSidePricing, askDepth, bindSidPricing } from "./book.js";
import type { KalshiConfig } from "./config.js";
import { type KalshiControlFrame, KalshiFeed } from "./feed.js";
import { wsSignedPath } from "./urls.js";
import type { KalshiWsCommand } from "./wire.js";
import { ReconnectingSocket } from "../net/socket.js";

export interface KalshiMarketDataOptions {
  readonly config: KalshiConfig;
  readonly signer: KalshiSigner;
  readonly engine: DetectionEngine;
  readonly sink: VenueEventSink;
  readonly logger: Logger;
  readonly now?: () => number;
  readonly random?: () => number;
}

const BOOK_CHANNEL = "orderbook_delta";
/**
 * Every book subscription asks for yes-leg pricing of NO levels (`use_yes_price: true`) instead of relying on the
 * venue's default: that default is due to flip to yes-leg and the flag to be removed afterwards (order_direction.md),
 * and a client that left it implicit — or sent false — would then read every NO bid at its complement. Yes-leg
 * pricing is also the one scale Create Order V2, fills and trades use.
 */
const BOOK_PRICING: NoSidePricing = "yes_leg";
/** Market and event lifecycle, where event fee overrides arrive; the venue does not filter it by market. */
const LIFECYCLE_CHANNEL = "market_lifecycle_v2";
const PRIVATE_CHANNELS = ["fill", "user_orders", "market_positions"] as const;
/** Error codes after which a subscription is dead and must be made again (asyncapi "Terminal Errors"). */
const TERMINAL_CODES = new Set([10, 17, 25]);
/** Command errors worth retrying: internal, timeout, too many requests. */
const TRANSIENT_CODES = new Set([17, 18, 27]);
/** Nothing new to add: the markets are already on the connection's subscription. */
const ALREADY_SUBSCRIBED = 6;

interface PendingCommand {
  readonly channels: readonly string[];
  readonly tickers: readonly string[];
  acked: number;
}

/**
 * The socket shell: one authenticated connection for every subscription, command ids, subscription bookkeeping,
 * resync by resubscription, heartbeat watchdog and reconnect with jittered backoff. Frames go to `KalshiFeed`.
 */
export class KalshiMarketData implements MarketDataClient {
  readonly venue = "kalshi" as const;
  readonly feed: KalshiFeed;
  private readonly config: KalshiConfig;
  private readonly sink: VenueEventSink;
  private readonly logger: Logger;
  private readonly random: () => number;
  private readonly socket: ReconnectingSocket;
  private nextId = 1;
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private readonly pending = new Map<number, PendingCommand>();
  /** Book subscriptions of this connection: sid → tickers. */
  private readonly bookSids = new Map<number, Set<string>>();
  private readonly tickerSid = new Map<string, number>();

  constructor(options: KalshiMarketDataOptions) {
    const { config, signer } = options;
    const now = options.now ?? Date.now;
    this.config = config;
    this.sink = options.sink;
    this.logger = options.logger;
    this.random = options.random ?? Math.random;
    this.feed = new KalshiFeed({
      engine: options.engine,
      sink: options.sink,
      logger: options.logger,
      now,
      maxFrameBytes: config.ws.maxFrameBytes,
      bookConsistency: config.bookConsistency,
    });
    const url = config.wsUrl;
    this.socket = new ReconnectingSocket({
      venue: "kalshi",
      url,
      // The handshake is signed like a REST GET of the socket's path, afresh on every connect.
      headers: () => signer.headers("GET", wsSignedPath(url), now()),
      maxPayload: config.ws.maxFrameBytes * 4,
      handshakeTimeoutMs: config.ws.heartbeatTimeoutMs,
      // The venue pings every 10 s, so no keepalive of ours is needed: only the watchdog.
      heartbeat: { staleAfterMs: config.ws.heartbeatTimeoutMs, checkEveryMs: Math.max(50, Math.floor(config.ws.heartbeatTimeoutMs / 4)) },
      backoff: config.ws.backoff,
      now,
      random: this.random,
      logger: options.logger,
      sink: options.sink,
      onOpen: () => this.onOpen(),
      onMessage: (data, isBinary) => this.onMessage(data, isBinary),
      onDown: () => this.onDown(),
    });
  }

  start(): void {
    this.socket.start();
  }

  track(bindings: readonly MarketBinding[]): void {
    const fresh: string[] = [];
    for (const b of bindings) {
      if (!this.feed.store.books.has(b.market)) fresh.push(b.market);
      this.feed.track(b.market, b.pair);
    }
    if (this.isOpen() && fresh.length > 0) this.subscribeBooks(fresh);
  }

  untrack(markets: readonly string[]): void {
    for (const ticker of markets) {
      this.feed.untrack(ticker);
      const sid = this.tickerSid.get(ticker);
      if (sid === undefined) continue;
      this.tickerSid.delete(ticker);
      const tickers = this.bookSids.get(sid);
      tickers?.delete(ticker);
      if (!this.isOpen()) continue;
      if (tickers !== undefined && tickers.size === 0) {
        this.bookSids.delete(sid);
        this.send({ id: this.nextId++, cmd: "unsubscribe", params: { sids: [sid] } });
      } else {
        this.send({ id: this.nextId++, cmd: "update_subscription", params: { sids: [sid], market_tickers: [ticker], action: "delete_markets" } });
      }
    }
  }

  counters(): Readonly<Record<string, number>> {
    return this.feed.counters();
  }

  /** See `KalshiFeed.consistent`. */
  consistent(ticker: string): boolean {
    return this.feed.consistent(ticker);
  }

  /**
   * Live asks of one outcome, best first, flat [priceUnits, sizeHundredths, …]; none for a market without a snapshot
   * or while its book is crossed (nothing is bought from a state that cannot exist, not even a hedge).
   */
  askDepth(ticker: string, outcome: Outcome): number[] {
    const book = this.feed.store.books.get(ticker);
    return book === undefined || !this.feed.consistent(ticker) ? [] : askDepth(book, outcome);
  }

  async close(): Promise<void> {
    for (const t of this.retryTimers) clearTimeout(t);
    this.retryTimers.clear();
    await this.socket.close();
  }

  private isOpen(): boolean {
    return this.socket.isOpen;
  }

  private send(cmd: KalshiWsCommand): void {
    this.socket.send(JSON.stringify(cmd));
  }

  /** Every (re)connect: the book subscriptions replayed, then lifecycle and the private channels. */
  private onOpen(): void {
    const tickers = [...this.feed.store.books.keys()];
    if (tickers.length > 0) this.subscribeBooks(tickers);
    this.subscribe([LIFECYCLE_CHANNEL], []);
    if (this.config.ws.privateChannels) this.subscribe(PRIVATE_CHANNELS, []);
  }

  /** The connection is gone with every sid and pending command on it; the books are stale until resubscribed. */
  private onDown(): void {
    this.pending.clear();
    this.bookSids.clear();
    this.tickerSid.clear();
    this.feed.reset("disconnected");
  }

  private onMessage(data: Buffer, isBinary: boolean): void {
    if (data.length > this.config.ws.maxFrameBytes) {
      this.feed.drop("oversized", data.subarray(0, 256).toString());
      return;
    }
    const text = data.toString();
    if (isBinary) {
      this.feed.drop("binary", text);
      return;
    }
    const out = this.feed.handle(text);
    if (out === undefined) return;
    if (out.kind === "resync") this.resync(out.sid);
    else this.onControl(out.frame);
  }

  private subscribeBooks(tickers: readonly string[]): void {
    const n = this.config.ws.tickersPerCommand;
    for (let i = 0; i < tickers.length; i += n) this.subscribe([BOOK_CHANNEL], tickers.slice(i, i + n));
  }

  private subscribe(channels: readonly string[], tickers: readonly string[]): void {
    const id = this.nextId++;
    this.pending.set(id, { channels, tickers, acked: 0 });
    const books = channels.includes(BOOK_CHANNEL) ? { use_yes_price: BOOK_PRICING === "yes_leg" } : {};
    this.send({
      id,
      cmd: "subscribe",
      params: tickers.length === 0 ? { channels: [...channels], ...books } : { channels: [...channels], market_tickers: [...tickers], ...books },
    });
  }

  private bindBookSid(sid: number, tickers: readonly string[]): void {
    let set = this.bookSids.get(sid);
    if (set === undefined) {
      set = new Set();
      this.bookSids.set(sid, set);
    }
    for (const t of tickers) {
      if (!this.feed.store.books.has(t)) continue;
      set.add(t);
      this.tickerSid.set(t, sid);
    }
  }

  /** A sid's books are stale: drop the subscription and make a new one for the same markets (fresh snapshots). */
  private resync(sid: number): void {
    const tickers = this.bookSids.get(sid);
    if (tickers === undefined) {
      // Data on a sid this connection never acknowledged: the bookkeeping is lost, start over.
      this.logger.warn({ venue: "kalshi", sid }, "kalshi resync for an unknown sid: reconnecting");
      this.socket.terminate();
      return;
    }
    this.bookSids.delete(sid);
    for (const t of tickers) this.tickerSid.delete(t);
    this.send({ id: this.nextId++, cmd: "unsubscribe", params: { sids: [sid] } });
    const still = [...tickers].filter((t) => this.feed.store.books.has(t));
    if (still.length > 0) this.subscribeBooks(still);
  }

  private onControl(f: KalshiControlFrame): void {
    const p = f.id === undefined ? undefined : this.pending.get(f.id);
    if (f.type === "subscribed" || f.type === "ok") {
      if (p === undefined || f.id === undefined) return;
      // A repeated subscribe on a channel answers "ok" with the existing sid and adds the markets to it
      // (changelog 2025-09-25), so book markets end up on one sid per connection either way.
      const channel = f.type === "subscribed" ? f.msg.channel : BOOK_CHANNEL;
      const sid = f.type === "subscribed" ? f.msg.sid : f.sid;
      p.acked++;
      if (p.acked >= p.channels.length) this.pending.delete(f.id);
      if (f.type === "subscribed") this.sink({ kind: "subscription.confirmed", venue: "kalshi", channel, sid: f.msg.sid });
      if (channel !== BOOK_CHANNEL || sid === undefined || !p.channels.includes(BOOK_CHANNEL)) return;
      // A new sid is priced as our subscribe asked; an "ok" adds markets to a sid whose pricing was set when it was made.
      if (f.type === "subscribed") bindSidPricing(this.feed.store, sid, BOOK_PRICING);
      this.bindBookSid(sid, p.tickers);
      return;
    }
    if (f.type !== "error") return;
    const { code, msg } = f.msg;
    this.logger.warn({ venue: "kalshi", id: f.id, code, msg }, "kalshi command error");
    if (p === undefined) {
      if (TERMINAL_CODES.has(code)) {
        this.socket.terminate();
      }
      this.sink({ kind: "subscription.failed", venue: "kalshi", channel: "", code, message: msg });
      return;
    }
    if (f.id !== undefined) this.pending.delete(f.id);
    if (code === ALREADY_SUBSCRIBED) return;
    for (const channel of p.channels) this.sink({ kind: "subscription.failed", venue: "kalshi", channel, code, message: msg });
    if (!TRANSIENT_CODES.has(code)) return;
    const timer = setTimeout(
      () => {
        this.retryTimers.delete(timer);
        if (!this.isOpen()) return;
        const tickers = p.tickers.filter((t) => this.feed.store.books.has(t) && !this.tickerSid.has(t));
        if (p.tickers.length === 0) this.subscribe(p.channels, []);
        else if (tickers.length > 0) this.subscribe(p.channels, tickers);
      },
      computeBackoffMs(0, this.config.ws.backoff, this.random()),
    );
    this.retryTimers.add(timer);
  }
}
