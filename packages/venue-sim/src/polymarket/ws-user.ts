import type { Logger } from "pino";
import type { WebSocket } from "ws";
import { z } from "zod";
import type { PolyEvent, PolyOrderRecord, PolyTrade } from "../exchange/polymarket.js";
import type { SimEvent } from "../runtime/bus.js";
import type { PolymarketApiKey } from "../runtime/accounts.js";
import type { SimCore } from "../runtime/core.js";
import { sendFrame } from "../runtime/send-frame.js";
import { checkWsAuth } from "./auth.js";
import { orderJson, tradeJson } from "./format.js";
import type { PolymarketWsChannel } from "./ws-market.js";
import type { Endpoint } from "../runtime/endpoint.js";
import { attachPolymarketSocket } from "./ws-conn.js";

export const WS_USER_PATH = "/ws/user";

/** Wire format: {"auth":{"apiKey","secret","passphrase"},"markets":[conditionIds],"type":"user"} */
const Subscribe = z.object({
  auth: z.object({ apiKey: z.string(), secret: z.string(), passphrase: z.string() }),
  markets: z.array(z.string()).optional(),
  type: z.literal("user"),
});
/** Wire format: {"operation":"subscribe"|"unsubscribe","markets":[conditionIds]} */
const Update = z.object({ operation: z.enum(["subscribe", "unsubscribe"]), markets: z.array(z.string()) });

interface Conn {
  readonly id: number;
  readonly ws: WebSocket;
  readonly endpoint: Endpoint;
  creds: PolymarketApiKey | undefined;
  /** Condition ids; empty = every market. */
  readonly markets: Set<string>;
}

const ORDER_TYPE: Readonly<Record<string, string>> = {
  placed: "PLACEMENT",
  delayed: "PLACEMENT",
  matched: "UPDATE",
  canceled: "CANCELLATION",
  unmatched: "CANCELLATION",
};

/** The authenticated user channel: `order` (PLACEMENT / UPDATE / CANCELLATION) and `trade` (MATCHED → … ) events. */
export function createUserChannel(core: SimCore, logger: Logger): PolymarketWsChannel {
  const ex = core.polymarket;
  const conns = new Set<Conn>();
  let connCount = 0;

  const outcomeOf = (tokenId: string): string => {
    const t = ex.marketOfToken(tokenId);
    return t === undefined ? "" : (core.polymarketMarket(t.market.conditionId)?.outcomes[t.tokenIndex].label ?? "");
  };
  const makerOf = (accountId: string): string => core.polymarketWallet(accountId)?.funder ?? accountId;

  function sendRaw(c: Conn, text: string): void {
    // The user channel takes no injected latency: faults on it are the order faults.
    sendFrame(core, core.polymarketKnobs.silent, 0, c.ws, text, { venue: "polymarket", channel: "user", client: c.endpoint.label, conn: c.id });
  }
  const wants = (c: Conn, market: string): boolean => c.creds !== undefined && (c.markets.size === 0 || c.markets.has(market));

  function orderEvent(o: PolyOrderRecord, cause: string, tsMs: number): Record<string, unknown> {
    return {
      event_type: "order",
      ...orderJson(o, makerOf(o.accountId), outcomeOf(o.tokenId)),
      order_owner: o.owner,
      type: ORDER_TYPE[cause] ?? "UPDATE",
      timestamp: String(tsMs),
    };
  }

  function tradeEvent(t: PolyTrade, status: string, c: Conn, tsMs: number): Record<string, unknown> | undefined {
    const m = ex.market(t.conditionId);
    if (m === undefined || c.creds === undefined) return undefined;
    const parties = {
      takerMaker: makerOf(t.takerAccountId),
      makerMaker: makerOf(t.makerAccountId),
      takerOutcome: outcomeOf(m.tokenIds[t.takerTokenIndex]),
      makerOutcome: outcomeOf(m.tokenIds[t.makerTokenIndex]),
    };
    const side = t.takerAccountId === c.creds.address ? "TAKER" : "MAKER";
    return { event_type: "trade", type: "TRADE", ...tradeJson(t, m, status, parties, side, tsMs), trade_owner: c.creds.key, timestamp: String(tsMs) };
  }

  function publishStep(events: readonly PolyEvent[]): void {
    const now = core.clock();
    for (const c of conns) {
      const address = c.creds?.address;
      if (address === undefined) continue;
      const out: unknown[] = [];
      for (const e of events) {
        if (e.kind === "order.changed" && e.order.accountId === address && wants(c, e.order.conditionId)) out.push(orderEvent(e.order, e.cause, now));
        if (e.kind === "trade.matched" && (e.trade.takerAccountId === address || e.trade.makerAccountId === address) && wants(c, e.trade.conditionId)) {
          const t = tradeEvent(e.trade, "MATCHED", c, now);
          if (t !== undefined) out.push(t);
        }
      }
      if (out.length > 0) sendRaw(c, JSON.stringify(out.length === 1 ? out[0] : out));
    }
  }

  function onBus(e: SimEvent): void {
    switch (e.kind) {
      case "polymarket.stepped":
        publishStep(e.events);
        return;
      case "trade.settled":
        for (const c of conns) {
          const a = c.creds?.address;
          if (a === undefined || (e.trade.takerAccountId !== a && e.trade.makerAccountId !== a) || !wants(c, e.trade.conditionId)) continue;
          const t = tradeEvent(e.trade, e.status, c, core.clock());
          if (t !== undefined) sendRaw(c, JSON.stringify(t));
        }
        return;
      case "connections.killed":
        if (e.venue === "polymarket") for (const c of conns) c.ws.terminate();
        return;
      default:
        return;
    }
  }
  const unsubscribe = core.bus.subscribe(onBus);

  function onMessage(c: Conn, json: unknown): void {
    const sub = Subscribe.safeParse(json);
    if (sub.success) {
      const creds = checkWsAuth(sub.data.auth, core.polymarketKey);
      if (creds === undefined) {
        core.log.append("ws.auth-failed", core.clock(), { venue: "polymarket", channel: "user", client: c.endpoint.label, conn: c.id });
        c.ws.close(1008, "invalid authentication");
        return;
      }
      c.creds = creds;
      for (const m of sub.data.markets ?? []) c.markets.add(m);
      return;
    }
    const upd = Update.safeParse(json);
    if (upd.success && c.creds !== undefined) {
      for (const m of upd.data.markets) {
        if (upd.data.operation === "subscribe") c.markets.add(m);
        else c.markets.delete(m);
      }
      return;
    }
    logger.warn({ conn: c.id }, "polymarket user channel: unknown message dropped");
  }

  return {
    accept(ws, endpoint) {
      connCount += 1;
      const c: Conn = { id: connCount, ws, endpoint, creds: undefined, markets: new Set() };
      conns.add(c);
      attachPolymarketSocket(core, ws, {
        channel: "user",
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
