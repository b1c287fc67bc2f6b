import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { Logger } from "pino";
import { type WebSocket, WebSocketServer } from "ws";
import { z } from "zod";
import type { ExchangeEvent } from "../exchange/kalshi.js";
import { FLAT } from "../exchange/ledger.js";
import type { SimEvent } from "../runtime/bus.js";
import type { SimCore } from "../runtime/core.js";
import { sendFrame } from "../runtime/send-frame.js";
import { authHeaders, checkSignature } from "./auth.js";
import { unauthorized } from "./errors.js";
import { deltaMsg, eventFeeUpdateMsg, fillMsg, lifecycleMsg, marketPositionMsg, snapshotMsg, tickerMsg, tradeMsg, userOrderMsg } from "./frames.js";
import type { Endpoint } from "../runtime/endpoint.js";

export const WS_PATH = "/trade-api/ws/v2";

/** Channels this simulator publishes. Market-scoped ones filter by market_ticker(s). */
const CHANNELS = ["orderbook_delta", "ticker", "trade", "fill", "market_positions", "market_lifecycle_v2", "user_orders"] as const;
type Channel = (typeof CHANNELS)[number];

/** Error codes and messages of the Kalshi WS API (asyncapi errorResponse). */
const ERR = {
  unable: [1, "Unable to process message"],
  paramsRequired: [2, "Params required"],
  channelsRequired: [3, "Channels required"],
  sidsRequired: [4, "Subscription IDs required"],
  unknownCommand: [5, "Unknown command"],
  alreadySubscribed: [6, "Already subscribed"],
  unknownSid: [7, "Unknown subscription ID"],
  unknownChannel: [8, "Unknown channel name"],
  invalidParameter: [11, "Invalid parameter"],
  oneSid: [12, "Exactly one subscription ID is required"],
  unsupportedAction: [13, "Unsupported action"],
  tickerRequired: [14, "Market Ticker required"],
  actionRequired: [15, "Action required"],
  marketNotFound: [16, "Market not found"],
} as const satisfies Record<string, readonly [number, string]>;
type ErrKey = keyof typeof ERR;

interface Sub {
  readonly sid: number;
  readonly channel: Channel;
  /** undefined = all markets. */
  tickers: Set<string> | undefined;
  seq: number;
  gap: number;
  readonly useYesPrice: boolean;
}

interface Conn {
  readonly id: number;
  readonly ws: WebSocket;
  /** The endpoint it came through: its dialect and client label. */
  readonly endpoint: Endpoint;
  readonly accountId: string;
  readonly subs: Map<number, Sub>;
  nextSid: number;
}

const Command = z.object({ id: z.number().int().optional(), cmd: z.string(), params: z.record(z.string(), z.unknown()).optional() });
const Tickers = z.union([
  z
    .string()
    .min(1)
    .transform((t) => [t]),
  z.array(z.string().min(1)).min(1),
]);

export interface KalshiWs {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, endpoint: Endpoint): void;
  close(): void;
}

/** One socket service for every endpoint: all connections share one fan-out, whatever dialect each speaks. */
export function createKalshiWs(core: SimCore, logger: Logger): KalshiWs {
  // Pongs are sent by hand so a silenced server can stop answering the client's pings too.
  const wss = new WebSocketServer({ noServer: true, autoPong: false });
  const conns = new Set<Conn>();
  let connCount = 0;

  /** `step`: the engine step the frame belongs to (undefined for answers to the client's own commands). */
  function sendRaw(c: Conn, text: string, step?: number): void {
    const where = { venue: "kalshi", client: c.endpoint.label, dialect: c.endpoint.kalshi, conn: c.id, ...(step === undefined ? {} : { step }) };
    sendFrame(core, core.kalshiKnobs.silent, core.kalshiKnobs.latencyByEndpoint.get("ws") ?? 0, c.ws, text, where);
  }
  const send = (c: Conn, frame: unknown, step?: number): void => sendRaw(c, JSON.stringify(frame), step);
  const fail = (c: Conn, id: number | undefined, key: ErrKey, extra: Record<string, unknown> = {}): void => {
    const [code, msg] = ERR[key];
    send(c, { id, type: "error", msg: { code, msg, ...extra } });
  };

  function sendData(c: Conn, sub: Sub, type: string, msg: unknown, step?: number): void {
    if (sub.channel === "orderbook_delta") {
      sub.seq += 1 + sub.gap;
      sub.gap = 0;
      send(c, { type, sid: sub.sid, seq: sub.seq, msg }, step);
    } else {
      send(c, { type, sid: sub.sid, msg }, step);
    }
  }

  function snapshot(c: Conn, sub: Sub, ticker: string): void {
    const m = core.kalshi.market(ticker);
    if (m !== undefined) sendData(c, sub, "orderbook_snapshot", snapshotMsg(m, c.endpoint.kalshi, sub.useYesPrice));
  }

  const wants = (sub: Sub, ticker: string): boolean => sub.tickers === undefined || sub.tickers.has(ticker);

  function unknownTicker(tickers: readonly string[]): string | undefined {
    return tickers.find((t) => core.kalshi.market(t) === undefined);
  }

  function subscribe(c: Conn, id: number | undefined, params: Record<string, unknown>): void {
    const channels = z.array(z.string()).min(1).safeParse(params["channels"]);
    if (!channels.success) {
      fail(c, id, "channelsRequired");
      return;
    }
    const unknown = channels.data.find((ch) => !(CHANNELS as readonly string[]).includes(ch));
    if (unknown !== undefined) {
      fail(c, id, "unknownChannel");
      return;
    }
    const raw = params["market_tickers"] ?? params["market_ticker"];
    const parsed = raw === undefined ? undefined : Tickers.safeParse(raw);
    if (parsed !== undefined && !parsed.success) {
      fail(c, id, "invalidParameter");
      return;
    }
    const tickers = parsed?.data;
    const missing = tickers === undefined ? undefined : unknownTicker(tickers);
    if (missing !== undefined) {
      fail(c, id, "marketNotFound", { market_ticker: missing });
      return;
    }
    const useYesPrice = params["use_yes_price"] === true;
    // The moment a client first asks for books: the end of its cold start.
    core.log.append("ws.subscribed", core.clock(), {
      venue: "kalshi",
      client: c.endpoint.label,
      conn: c.id,
      channels: channels.data,
      markets: tickers?.length ?? 0,
    });
    for (const ch of channels.data as Channel[]) {
      if (ch === "orderbook_delta" && tickers === undefined) {
        fail(c, id, "tickerRequired");
        return;
      }
    }
    for (const ch of channels.data as Channel[]) {
      const existing = [...c.subs.values()].find((s) => s.channel === ch);
      if (existing !== undefined) {
        // Re-subscribing adds new markets to the existing subscription (changelog 2025-09-25).
        const added = (tickers ?? []).filter((t) => existing.tickers !== undefined && !existing.tickers.has(t));
        if (added.length === 0) {
          fail(c, id, "alreadySubscribed");
          continue;
        }
        for (const t of added) existing.tickers?.add(t);
        send(c, { id, sid: existing.sid, seq: existing.seq, type: "ok", msg: { market_tickers: [...(existing.tickers ?? [])] } });
        if (ch === "orderbook_delta") for (const t of added) snapshot(c, existing, t);
        continue;
      }
      const sub: Sub = { sid: c.nextSid++, channel: ch, tickers: tickers === undefined ? undefined : new Set(tickers), seq: 0, gap: 0, useYesPrice };
      c.subs.set(sub.sid, sub);
      send(c, { id, type: "subscribed", msg: { channel: ch, sid: sub.sid } });
      if (ch === "orderbook_delta") for (const t of tickers ?? []) snapshot(c, sub, t);
    }
  }

  function unsubscribe(c: Conn, id: number | undefined, params: Record<string, unknown>): void {
    const sids = z.array(z.number().int()).min(1).safeParse(params["sids"]);
    if (!sids.success) {
      fail(c, id, "sidsRequired");
      return;
    }
    for (const sid of sids.data) {
      const sub = c.subs.get(sid);
      if (sub === undefined) {
        fail(c, id, "unknownSid");
        continue;
      }
      c.subs.delete(sid);
      send(c, { id, sid, seq: sub.seq, type: "unsubscribed" });
    }
  }

  function update(c: Conn, id: number | undefined, params: Record<string, unknown>): void {
    const action = params["action"];
    if (action === undefined) {
      fail(c, id, "actionRequired");
      return;
    }
    if (action !== "add_markets" && action !== "delete_markets" && action !== "get_snapshot") {
      fail(c, id, "unsupportedAction");
      return;
    }
    const sids = params["sids"];
    const sidValue = params["sid"];
    const one =
      sidValue !== undefined && sids === undefined
        ? z.number().int().safeParse(sidValue)
        : sidValue === undefined
          ? z
              .array(z.number().int())
              .length(1)
              .transform((a) => a[0] as number)
              .safeParse(sids)
          : undefined;
    if (one === undefined || !one.success) {
      fail(c, id, "oneSid");
      return;
    }
    const sub = c.subs.get(one.data);
    if (sub === undefined) {
      fail(c, id, "unknownSid");
      return;
    }
    const raw = params["market_tickers"] ?? params["market_ticker"];
    if (raw === undefined) {
      fail(c, id, "tickerRequired");
      return;
    }
    const tickers = Tickers.safeParse(raw);
    if (!tickers.success) {
      fail(c, id, "invalidParameter");
      return;
    }
    const missing = unknownTicker(tickers.data);
    if (missing !== undefined) {
      fail(c, id, "marketNotFound", { market_ticker: missing });
      return;
    }
    if (action === "get_snapshot") {
      if (sub.channel !== "orderbook_delta") {
        fail(c, id, "unsupportedAction");
        return;
      }
      send(c, { id, sid: sub.sid, seq: sub.seq, type: "ok", msg: { market_tickers: [...(sub.tickers ?? [])] } });
      for (const t of tickers.data) snapshot(c, sub, t);
      return;
    }
    const set = sub.tickers ?? new Set<string>();
    const added: string[] = [];
    for (const t of tickers.data) {
      if (action === "add_markets" && !set.has(t)) {
        set.add(t);
        added.push(t);
      } else if (action === "delete_markets") set.delete(t);
    }
    sub.tickers = set;
    send(c, { id, sid: sub.sid, seq: sub.seq, type: "ok", msg: { market_tickers: [...set] } });
    if (sub.channel === "orderbook_delta") for (const t of added) snapshot(c, sub, t);
  }

  function onMessage(c: Conn, data: string): void {
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      fail(c, undefined, "unable");
      return;
    }
    const cmd = Command.safeParse(json);
    if (!cmd.success) {
      const id = typeof json === "object" && json !== null && typeof (json as { id?: unknown }).id === "number" ? (json as { id: number }).id : undefined;
      fail(c, id, "unable");
      return;
    }
    const { id, params } = cmd.data;
    if (cmd.data.cmd === "list_subscriptions") {
      send(c, { id, type: "ok", msg: [...c.subs.values()].map((s) => ({ channel: s.channel, sid: s.sid })) });
    } else if (cmd.data.cmd !== "subscribe" && cmd.data.cmd !== "unsubscribe" && cmd.data.cmd !== "update_subscription") {
      fail(c, id, "unknownCommand");
    } else if (params === undefined) {
      fail(c, id, "paramsRequired");
    } else if (cmd.data.cmd === "subscribe") {
      subscribe(c, id, params);
    } else if (cmd.data.cmd === "unsubscribe") {
      unsubscribe(c, id, params);
    } else {
      update(c, id, params);
    }
  }

  function publishStep(c: Conn, events: readonly ExchangeEvent[], step: number): void {
    const flavor = c.endpoint.kalshi;
    const touched = new Set<string>();
    for (const e of events) {
      switch (e.kind) {
        case "book.changed":
          touched.add(e.ticker);
          for (const sub of c.subs.values()) {
            if (sub.channel !== "orderbook_delta" || !wants(sub, e.ticker)) continue;
            const mine = e.cause !== undefined && e.cause.accountId === c.accountId ? e.cause.clientOrderId : undefined;
            sendData(c, sub, "orderbook_delta", deltaMsg(e.ticker, e.side, e.priceUnits, e.deltaHundredths, e.tsMs, flavor, sub.useYesPrice, mine), step);
          }
          break;
        case "trade.printed":
          touched.add(e.trade.ticker);
          for (const sub of c.subs.values())
            if (sub.channel === "trade" && wants(sub, e.trade.ticker)) sendData(c, sub, "trade", tradeMsg(e.trade, flavor), step);
          break;
        case "fill.booked": {
          if (e.fill.accountId !== c.accountId) break;
          for (const sub of c.subs.values()) {
            if (!wants(sub, e.fill.ticker)) continue;
            if (sub.channel === "fill") sendData(c, sub, "fill", fillMsg(e.fill, flavor), step);
            if (sub.channel === "market_positions") {
              const pos = core.kalshi.account(c.accountId)?.positions.get(e.fill.ticker) ?? FLAT;
              sendData(c, sub, "market_position", marketPositionMsg(c.accountId, e.fill.ticker, pos, core.kalshi.fillsOf(c.accountId)), step);
            }
          }
          break;
        }
        case "order.changed":
          if (e.order.accountId !== c.accountId) break;
          for (const sub of c.subs.values())
            if (sub.channel === "user_orders" && wants(sub, e.order.ticker)) sendData(c, sub, "user_order", userOrderMsg(e.order), step);
          break;
        case "market.changed":
          for (const sub of c.subs.values())
            if (sub.channel === "market_lifecycle_v2") sendData(c, sub, "market_lifecycle_v2", lifecycleMsg(e.market, core.clock()), step);
          break;
        case "account.settled":
          break;
      }
    }
    for (const ticker of touched) {
      const m = core.kalshi.market(ticker);
      if (m === undefined) continue;
      for (const sub of c.subs.values())
        if (sub.channel === "ticker" && wants(sub, ticker)) sendData(c, sub, "ticker", tickerMsg(m, core.clock(), flavor), step);
    }
  }

  /** Garbage a client must count and drop: truncated JSON, then a frame of the wrong shape. */
  const MALFORMED = [
    '{"type":"orderbook_delta","sid":1,"seq":',
    '{"type":"orderbook_delta","sid":"one","seq":-1,"msg":{"market_ticker":42,"delta_fp":"lots"}}',
  ];

  const unsubscribeBus = core.bus.subscribe((e: SimEvent) => {
    switch (e.kind) {
      case "exchange.stepped":
        for (const c of core.fanout.order(conns)) publishStep(c, e.events, e.step);
        return;
      case "event-fee.changed":
        // The venue announces fee overrides on the lifecycle channel to every subscriber, whatever markets it names.
        for (const c of conns)
          for (const s of c.subs.values())
            if (s.channel === "market_lifecycle_v2") sendData(c, s, "event_fee_update", eventFeeUpdateMsg(e.eventTicker, e.override));
        return;
      case "connections.killed":
        if (e.venue === "kalshi") for (const c of conns) c.ws.terminate();
        return;
      case "seq-gap.armed":
        if (e.venue === "kalshi") for (const c of conns) for (const s of c.subs.values()) if (s.channel === "orderbook_delta") s.gap += e.skip;
        return;
      case "malformed.requested":
        if (e.venue === "kalshi") for (const c of conns) for (let i = 0; i < e.count; i++) sendRaw(c, MALFORMED[i % MALFORMED.length] as string);
        return;
      default:
        return;
    }
  });

  const ping = setInterval(() => {
    if (core.kalshiKnobs.silent) return;
    for (const c of conns) if (c.ws.readyState === c.ws.OPEN) c.ws.ping("heartbeat");
  }, core.kalshiKnobs.wsPingMs);

  function reject(socket: Duplex, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    socket.end(
      `HTTP/1.1 ${status} ${status === 401 ? "Unauthorized" : "Not Found"}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`,
    );
  }

  return {
    handleUpgrade(req, socket, head, endpoint) {
      const nowMs = core.advance();
      const path = new URL(req.url ?? "/", "http://sim.invalid").pathname;
      if (path !== WS_PATH) return reject(socket, 404, { error: { code: "not_found", message: "no such endpoint" } });
      const check = checkSignature(authHeaders(req.headers), "GET", WS_PATH, core.kalshiKey, nowMs, core.kalshiKnobs.authSkewMs);
      if (!check.ok) return reject(socket, 401, unauthorized(check.details).body);
      wss.handleUpgrade(req, socket, head, (ws) => {
        connCount += 1;
        const c: Conn = { id: connCount, ws, endpoint, accountId: check.key.accountId, subs: new Map(), nextSid: 1 };
        conns.add(c);
        core.labelAccount(c.accountId, endpoint.label);
        core.log.append("ws.connected", nowMs, { venue: "kalshi", client: endpoint.label, dialect: endpoint.kalshi, conn: c.id, keyId: check.key.keyId });
        ws.on("message", (data, isBinary) => {
          core.advance();
          if (isBinary) {
            fail(c, undefined, "unable");
            return;
          }
          onMessage(c, String(data));
        });
        ws.on("ping", (data) => {
          if (core.kalshiKnobs.silent)
            core.log.append("frame.suppressed", core.clock(), { venue: "kalshi", client: endpoint.label, conn: c.id, frame: "pong" });
          else ws.pong(data);
        });
        ws.on("close", () => {
          conns.delete(c);
          core.log.append("ws.closed", core.clock(), { venue: "kalshi", client: endpoint.label, conn: c.id });
        });
        ws.on("error", (err) => logger.warn({ err, conn: c.id }, "kalshi ws error"));
      });
    },
    close() {
      clearInterval(ping);
      unsubscribeBus();
      for (const c of conns) c.ws.terminate();
      wss.close();
    },
  };
}
