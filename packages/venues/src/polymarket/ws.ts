import type { DetectionEngine } from "@arb/core-wasm";
import type { Logger } from "pino";
import { sampleOf } from "../log.js";
import { FrameCounters, NOT_JSON } from "../frame-counters.js";
import type { MarketBinding, MarketDataClient, Outcome, VenueEventSink } from "../ports.js";
import { askDepth } from "./book.js";
import type { PolymarketConfig, PolymarketCreds } from "./config.js";
import { PolymarketFeed } from "./feed.js";
import type { PolymarketClob } from "./http.js";
import type { MarketRegistry } from "./markets.js";
import { PONG, decodeUserEvent, eventsOf, orderStateFrom, tradeFills } from "./parse.js";
import { ReconnectingSocket, type ReconnectingSocketOptions } from "../net/socket.js";

/** The text keepalive the venue asks for about every 10 s; it answers PONG. */
const PING = "PING";

/** Polymarket's socket rules over the shared reconnecting socket: a text PING on a timer, compression off. */
function venueSocket(
  name: "market" | "user",
  url: string,
  config: PolymarketConfig,
  o: Pick<ReconnectingSocketOptions, "now" | "random" | "logger" | "sink" | "onOpen" | "onDown"> & { onText: (raw: string) => void },
): ReconnectingSocket {
  return new ReconnectingSocket({
    venue: "polymarket",
    name,
    url,
    perMessageDeflate: false,
    heartbeat: { staleAfterMs: config.staleAfterMs, checkEveryMs: Math.min(config.pingIntervalMs, config.staleAfterMs), ping: PING },
    backoff: config.reconnect,
    now: o.now,
    random: o.random,
    logger: o.logger,
    sink: o.sink,
    onOpen: o.onOpen,
    onMessage: (data) => o.onText(data.toString("utf8")),
    onDown: o.onDown,
  });
}

/**
 * A market bound to a core pair by its key (`polymarketMarketKey`: the condition id, or its inverted key when the
 * pair's YES is the market's "no" token); without token ids they are read from /clob-markets/{conditionId}.
 */
export interface PolymarketBinding extends MarketBinding {
  readonly yesTokenId?: string;
  readonly noTokenId?: string;
}

export interface PolymarketMarketDataOptions {
  readonly config: PolymarketConfig;
  readonly clob: PolymarketClob;
  readonly engine: DetectionEngine;
  readonly sink: VenueEventSink;
  readonly logger: Logger;
  readonly registry: MarketRegistry;
  readonly now?: () => number;
  readonly random?: () => number;
}

/** Clock skew a venue timestamp may show before its frame is dropped as from the future. */
export const FRAME_AHEAD_TOLERANCE_MS = 60_000;

/**
 * The market channel: one socket for every tracked token, subscription replayed on reconnect, books re-seeded over
 * REST (/books) after every (re)connect, frames through `PolymarketFeed` into the detection core.
 */
export class PolymarketMarketData implements MarketDataClient {
  readonly venue = "polymarket" as const;
  readonly feed: PolymarketFeed;
  private readonly socket: ReconnectingSocket;
  private readonly clob: PolymarketClob;
  private readonly registry: MarketRegistry;
  private readonly logger: Logger;
  private readonly counts: Record<string, number> = {};
  /** Bumped on every reconnect so a slow re-seed from an older connection is not applied. */
  private generation = 0;

  constructor(options: PolymarketMarketDataOptions) {
    const { config } = options;
    const now = options.now ?? Date.now;
    this.clob = options.clob;
    this.registry = options.registry;
    this.logger = options.logger;
    this.feed = new PolymarketFeed({
      engine: options.engine,
      sink: options.sink,
      logger: options.logger,
      now,
      maxFrameBytes: config.maxFrameBytes,
      onTickSize: (tokenId, units) => this.registry.setTick(tokenId, units),
      bookConsistency: config.bookConsistency,
      maxAheadMs: FRAME_AHEAD_TOLERANCE_MS,
    });
    this.socket = venueSocket("market", config.urls.wsMarket, config, {
      now,
      random: options.random ?? Math.random,
      logger: options.logger,
      sink: options.sink,
      onOpen: (send) => {
        this.generation++;
        const ids = this.feed.tokenIds();
        send(JSON.stringify({ assets_ids: ids, type: "market", custom_feature_enabled: true }));
        void this.reseed(ids);
      },
      onText: (raw) => this.feed.handle(raw),
      onDown: () => this.feed.reset("disconnected"),
    });
  }

  start(): void {
    this.socket.start();
  }

  track(bindings: readonly PolymarketBinding[]): void {
    void this.trackAsync(bindings);
  }

  /** Resolves token ids where needed, then subscribes and seeds the new tokens; resolves when the subscription is sent. */
  async trackAsync(bindings: readonly PolymarketBinding[]): Promise<void> {
    const added: string[] = [];
    for (const b of bindings) {
      let yes = b.yesTokenId;
      let no = b.noTokenId;
      if (yes === undefined || no === undefined) {
        const info = await this.registry.load(b.market, (conditionId) => this.clob.clobMarket(conditionId));
        if (!info.ok) {
          this.count("track_failed");
          this.logger.warn({ venue: "polymarket", market: b.market, code: info.error.code, message: info.error.message }, "polymarket market not tracked");
          continue;
        }
        yes = info.value.yesTokenId;
        no = info.value.noTokenId;
      }
      added.push(...this.feed.track(b.market, b.pair, yes, no));
    }
    if (added.length === 0 || !this.socket.isOpen) return;
    this.socket.send(JSON.stringify({ assets_ids: added, operation: "subscribe" }));
    await this.reseed(added);
  }

  untrack(markets: readonly string[]): void {
    const removed = markets.flatMap((m) => this.feed.untrack(m));
    if (removed.length > 0) this.socket.send(JSON.stringify({ assets_ids: removed, operation: "unsubscribe" }));
  }

  /** REST snapshots for the tokens: a reconnect must not wait for the next `book` event to trade again. */
  private async reseed(tokenIds: readonly string[]): Promise<void> {
    if (tokenIds.length === 0) return;
    const generation = this.generation;
    const r = await this.clob.books(tokenIds);
    if (generation !== this.generation) return;
    if (!r.ok) {
      this.count("reseed_failed");
      this.logger.warn({ venue: "polymarket", code: r.error.code, message: sampleOf(r.error.message) }, "polymarket re-seed failed; waiting for book events");
      return;
    }
    this.count("reseeded");
    this.feed.seed(r.value);
  }

  private count(key: string): void {
    this.counts[key] = (this.counts[key] ?? 0) + 1;
  }

  counters(): Readonly<Record<string, number>> {
    return { ...this.feed.counters(), ...this.counts };
  }

  /** See `PolymarketFeed.consistent`. */
  consistent(marketKey: string): boolean {
    return this.feed.consistent(marketKey);
  }

  /**
   * Live asks of one outcome of a market key (either orientation), best first, flat [priceUnits, sizeHundredths, …];
   * none for an unseeded book or while the market's two books are crossed.
   */
  askDepth(marketKey: string, outcome: Outcome): number[] {
    const token = this.registry.tokenOf(marketKey, outcome);
    const book = token === undefined ? undefined : this.feed.book(token);
    return book === undefined || !this.feed.consistent(marketKey) ? [] : askDepth(book);
  }

  async close(): Promise<void> {
    await this.socket.close();
  }
}

export interface PolymarketUserStreamOptions {
  readonly config: PolymarketConfig;
  readonly creds: PolymarketCreds;
  readonly sink: VenueEventSink;
  readonly logger: Logger;
  readonly registry: MarketRegistry;
  /** Our client order id for a venue order id (from the exec client), else the order id is used. */
  readonly ownOrder: (orderId: string) => string | undefined;
  readonly now?: () => number;
  readonly random?: () => number;
}

/** The authenticated user channel: order and trade events → `order.updated` / `fill.received`. */
export class PolymarketUserStream {
  private readonly socket: ReconnectingSocket;
  private readonly markets = new Set<string>();
  private readonly frames: FrameCounters;
  private readonly o: PolymarketUserStreamOptions;
  private readonly now: () => number;

  constructor(options: PolymarketUserStreamOptions) {
    this.o = options;
    this.now = options.now ?? Date.now;
    this.frames = new FrameCounters("polymarket", "user event", options.logger, options.sink, this.now);
    const { config, creds } = options;
    this.socket = venueSocket("user", config.urls.wsUser, config, {
      now: this.now,
      random: options.random ?? Math.random,
      logger: options.logger,
      sink: options.sink,
      onOpen: (send) => {
        const auth = { apiKey: creds.key, secret: creds.secret, passphrase: creds.passphrase };
        send(JSON.stringify({ auth, markets: [...this.markets], type: "user" }));
      },
      onText: (raw) => this.handle(raw),
      onDown: () => undefined,
    });
  }

  start(): void {
    this.socket.start();
  }

  /** Adds markets (condition ids) to the subscription. */
  watch(conditionIds: readonly string[]): void {
    const fresh = conditionIds.filter((c) => !this.markets.has(c));
    for (const c of fresh) this.markets.add(c);
    if (fresh.length > 0) this.socket.send(JSON.stringify({ markets: fresh, operation: "subscribe" }));
  }

  counters(): Readonly<Record<string, number>> {
    return this.frames.snapshot();
  }

  /** One text frame from the user socket. */
  handle(raw: string): void {
    if (raw === PONG) return;
    const value = this.frames.readJson(raw, this.o.config.maxFrameBytes);
    if (value === NOT_JSON) return;
    const { registry, ownOrder, sink } = this.o;
    for (const item of eventsOf(value)) {
      const d = decodeUserEvent(item);
      if (!d.ok) {
        this.frames.drop(d.reason, raw);
        continue;
      }
      const e = d.event;
      if (e.event_type === "order") {
        const token = registry.token(e.asset_id);
        if (token === undefined) {
          this.frames.count("ignored:unknown_token");
          continue;
        }
        sink({ kind: "order.updated", venue: "polymarket", order: orderStateFrom(e, token, ownOrder(e.id) ?? e.id) });
      } else {
        // The user channel's timestamps are seconds in the docs' examples and ms in their schema text.
        const tsMs = e.timestamp < 1e12 ? e.timestamp * 1000 : e.timestamp;
        // A trade's fills are booked when it MATCHES, taken back if it FAILS on chain and final once CONFIRMED.
        const kind = e.status === "MATCHED" ? "fill.received" : e.status === "FAILED" ? "fill.reversed" : e.status === "CONFIRMED" ? "fill.settled" : undefined;
        const fills = kind === undefined ? [] : tradeFills(e, (id) => registry.token(id), this.o.creds.key, ownOrder, tsMs);
        if (kind === undefined || fills.length === 0) {
          this.frames.count(`seen:trade:${e.status}`);
          continue;
        }
        for (const fill of fills) sink({ kind, venue: "polymarket", fill });
      }
    }
  }

  async close(): Promise<void> {
    await this.socket.close();
  }
}
