import type { Logger } from "pino";
import { type WebSocket, WebSocketServer } from "ws";
import { z } from "zod";
import type { PolyEvent, TokenIndex } from "../exchange/polymarket.js";
import type { SimEvent } from "../runtime/bus.js";
import type { SimCore } from "../runtime/core.js";
import { sendFrame } from "../runtime/send-frame.js";
import { type TokenBookView, bookSummary } from "./format.js";
import {
  type LevelChange,
  MALFORMED,
  bestBidAskFrame,
  bestOf,
  lastTradeFrame,
  legacyPriceChangeFrames,
  packEvents,
  peerPriceChangeFrames,
  priceChangeFrame,
  resolvedFrame,
  tickSizeFrame,
  tokenChanges,
} from "./frames.js";
import type { Endpoint } from "../runtime/endpoint.js";
import { attachPolymarketSocket } from "./ws-conn.js";

export const WS_MARKET_PATH = "/ws/market";

/** Wire format: {"assets_ids":[...],"type":"market","custom_feature_enabled":true} */
const Subscribe = z.object({
  assets_ids: z.array(z.string()),
  type: z.literal("market"),
  custom_feature_enabled: z.boolean().optional(),
  initial_dump: z.boolean().optional(),
});
/** Wire format: {"assets_ids":[...],"operation":"subscribe"|"unsubscribe"} */
const Update = z.object({ operation: z.enum(["subscribe", "unsubscribe"]), assets_ids: z.array(z.string()) });

interface Conn {
  readonly id: number;
  readonly ws: WebSocket;
  readonly endpoint: Endpoint;
  readonly assets: Set<string>;
  custom: boolean;
}

export interface PolymarketWsChannel {
  accept(ws: WebSocket, endpoint: Endpoint): void;
  close(): void;
}

/**
 * The public market channel: book snapshots on subscribe, then price_change / last_trade_price / best_bid_ask, each
 * connection in its endpoint's dialect; one step reaches the connections in a fresh shuffled order.
 */
export function createMarketChannel(core: SimCore, logger: Logger): PolymarketWsChannel {
  const ex = core.polymarket;
  const conns = new Set<Conn>();
  const lastBest = new Map<string, string>();
  let connCount = 0;

  /** `step`: the engine step the frame belongs to (undefined for snapshots and answers). */
  function sendRaw(c: Conn, text: string, step?: number): void {
    const where = {
      venue: "polymarket",
      channel: "market",
      client: c.endpoint.label,
      dialect: c.endpoint.polymarket,
      conn: c.id,
      ...(step === undefined ? {} : { step }),
    };
    sendFrame(core, core.polymarketKnobs.silent, core.polymarketKnobs.latencyByEndpoint.get("ws") ?? 0, c.ws, text, where);
  }
  const sendEvents = (c: Conn, events: readonly Record<string, unknown>[], step?: number): void => {
    for (const text of packEvents(c.endpoint.polymarket, events)) sendRaw(c, text, step);
  };

  function snapshots(c: Conn, assets: readonly string[]): void {
    const now = core.clock();
    const books: Record<string, unknown>[] = [];
    for (const a of assets) {
      const t = ex.marketOfToken(a);
      const b = ex.tokenBook(a);
      if (t !== undefined && b !== undefined) books.push({ event_type: "book", ...bookSummary(t.market, t.tokenIndex, b, now) });
    }
    sendEvents(c, books);
  }

  function onMessage(c: Conn, json: unknown): void {
    const sub = Subscribe.safeParse(json);
    if (sub.success) {
      // The moment a client first asks for books: the end of its cold start.
      core.log.append("ws.subscribed", core.clock(), {
        venue: "polymarket",
        channel: "market",
        client: c.endpoint.label,
        conn: c.id,
        markets: sub.data.assets_ids.length,
      });
      const fresh = sub.data.assets_ids.filter((a) => !c.assets.has(a));
      for (const a of sub.data.assets_ids) c.assets.add(a);
      c.custom = sub.data.custom_feature_enabled === true;
      if (sub.data.initial_dump !== false) snapshots(c, fresh);
      return;
    }
    const upd = Update.safeParse(json);
    if (upd.success) {
      if (upd.data.operation === "unsubscribe") {
        for (const a of upd.data.assets_ids) c.assets.delete(a);
        return;
      }
      const fresh = upd.data.assets_ids.filter((a) => !c.assets.has(a));
      for (const a of fresh) c.assets.add(a);
      snapshots(c, fresh);
      return;
    }
    logger.warn({ conn: c.id, sample: JSON.stringify(json).slice(0, 120) }, "polymarket market channel: unknown message dropped");
  }

  /** One exchange step as per-connection event lists (price changes with the book as it ends the step). */
  function publishStep(events: readonly PolyEvent[], step: number): void {
    const now = core.clock();
    const changed = new Map<string, Map<string, LevelChange>>();
    const perAsset = new Map<string, Record<string, unknown>[]>();
    const push = (asset: string, e: Record<string, unknown>) => perAsset.set(asset, [...(perAsset.get(asset) ?? []), e]);
    const touchedMarkets: string[] = [];
    const tradedMarkets = new Set<string>();
    for (const e of events) {
      if (e.kind === "book.changed") {
        const m = ex.market(e.conditionId);
        if (m === undefined) continue;
        const levels = e.side === "bid" ? m.book.bids : m.book.asks;
        const size = levels.filter((o) => o.priceUnits === e.priceUnits).reduce((n, o) => n + o.remainingHundredths, 0);
        const list = changed.get(e.conditionId) ?? new Map<string, LevelChange>();
        if (!changed.has(e.conditionId)) {
          changed.set(e.conditionId, list);
          touchedMarkets.push(e.conditionId);
        }
        for (const ch of tokenChanges(m, e.side, e.priceUnits, size)) list.set(`${ch.assetId}:${ch.side}:${ch.priceUnits}`, ch);
      } else if (e.kind === "trade.matched") {
        const m = ex.market(e.trade.conditionId);
        if (m === undefined) continue;
        tradedMarkets.add(e.trade.conditionId);
        push(m.tokenIds[e.trade.takerTokenIndex], lastTradeFrame(m, e.trade, e.trade.takerTokenIndex));
        if (e.trade.makerTokenIndex !== e.trade.takerTokenIndex) push(m.tokenIds[e.trade.makerTokenIndex], lastTradeFrame(m, e.trade, e.trade.makerTokenIndex));
      } else if (e.kind === "market.changed" && e.market.status === "resolved" && e.market.winner !== undefined) {
        const l = core.polymarketMarket(e.market.conditionId);
        const frame = l === undefined ? undefined : resolvedFrame(e.market, l.marketId, l.outcomes[e.market.winner].label, now);
        if (frame !== undefined) for (const a of e.market.tokenIds) push(a, frame);
      }
    }
    const frames = new Map<Conn, Record<string, unknown>[]>();
    for (const c of conns) frames.set(c, []);
    for (const id of touchedMarkets) {
      const m = ex.market(id);
      const list = changed.get(id);
      if (m === undefined || list === undefined) continue;
      const books = new Map<string, TokenBookView>(m.tokenIds.map((t) => [t, ex.tokenBook(t) ?? { bids: [], asks: [] }]));
      const all = [...list.values()];
      for (const c of conns) {
        const mine = all.filter((ch) => c.assets.has(ch.assetId));
        if (mine.length === 0) continue;
        const out = frames.get(c) ?? [];
        const dialect = c.endpoint.polymarket;
        if (dialect === "legacy") out.push(...legacyPriceChangeFrames(m, mine, books, now));
        else if (dialect === "peer") out.push(...peerPriceChangeFrames(m, mine, books, now));
        else out.push(priceChangeFrame(m, mine, books, now));
      }
      for (const t of m.tokenIds) {
        const book = books.get(t) ?? { bids: [], asks: [] };
        const top = bestOf(book);
        const key = `${top.bid}/${top.ask}`;
        if (lastBest.get(t) === key) continue;
        lastBest.set(t, key);
        for (const c of conns) if (c.custom && c.assets.has(t)) frames.get(c)?.push(bestBidAskFrame(m, t, book, now));
      }
    }
    for (const [asset, list] of perAsset) for (const c of conns) if (c.assets.has(asset)) frames.get(c)?.push(...list);
    // The venue also sends a full `book` after trades (venues.md §2.2): the state the changes above ended in.
    for (const id of tradedMarkets) {
      const m = ex.market(id);
      if (m === undefined) continue;
      m.tokenIds.forEach((t, tokenIndex) => {
        const b = ex.tokenBook(t);
        if (b === undefined) return;
        const snapshot = { event_type: "book", ...bookSummary(m, tokenIndex as TokenIndex, b, now) };
        for (const c of conns) if (c.assets.has(t)) frames.get(c)?.push(snapshot);
      });
    }
    for (const c of core.fanout.order(frames.keys())) sendEvents(c, frames.get(c) ?? [], step);
  }

  function onBus(e: SimEvent): void {
    switch (e.kind) {
      case "polymarket.stepped":
        publishStep(e.events, e.step);
        return;
      case "tick-size.changed": {
        const m = ex.market(e.conditionId);
        if (m === undefined) return;
        const now = core.clock();
        for (const c of conns)
          sendEvents(
            c,
            m.tokenIds.filter((t) => c.assets.has(t)).map((t) => tickSizeFrame(m, t, e.oldTickUnits, e.newTickUnits, now)),
          );
        return;
      }
      case "connections.killed":
        if (e.venue === "polymarket") for (const c of conns) c.ws.terminate();
        return;
      case "malformed.requested":
        if (e.venue === "polymarket") for (const c of conns) for (let i = 0; i < e.count; i++) sendRaw(c, MALFORMED[i % MALFORMED.length] as string);
        return;
      default:
        return;
    }
  }
  const unsubscribe = core.bus.subscribe(onBus);

  return {
    accept(ws, endpoint) {
      connCount += 1;
      const c: Conn = { id: connCount, ws, endpoint, assets: new Set(), custom: false };
      conns.add(c);
      attachPolymarketSocket(core, ws, {
        channel: "market",
        conn: c.id,
        client: endpoint.label,
        logger,
        pong: () => sendRaw(c, "PONG"),
        onJson: (json) => onMessage(c, json),
        onClose: () => conns.delete(c),
      });
    },
    close() {
      unsubscribe();
      for (const c of conns) c.ws.terminate();
    },
  };
}

export function createWsServer(): WebSocketServer {
  // Pongs are sent by hand so a silenced server can stop answering the client's pings too.
  return new WebSocketServer({ noServer: true, autoPong: false });
}
