import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { z } from "zod";
import type { PolyOrderRecord, PolyOrderRequest, PolyRejectCode, PolySubmitResult, PolyTrade, PolymarketStep } from "../exchange/polymarket.js";
import { type Route, matchRoute } from "../http/router.js";
import type { Endpoint } from "../runtime/endpoint.js";
import type { PolymarketApiKey } from "../runtime/accounts.js";
import type { PolymarketPlacement, SimCore } from "../runtime/core.js";
import { UNAUTHORIZED, checkL1, checkL2, deriveCreds } from "./auth.js";
import { bookSummary, clobMarketJson, orderJson, price, sharesBase, tradeJson } from "./format.js";
import { EXCHANGE_V2, NEG_RISK_EXCHANGE_V2, checkOrder } from "./order.js";
import { type Windows, admit } from "./rate-limit.js";

/** The last cursor of the CLOB's `/data/*` pages (base64 of "-1"); the others are base64 of the next offset, "MA==" first. */
const END_CURSOR = "LTE=";
const PAGE_SIZE = 100;
/** POST /orders takes at most this many orders. */
const MAX_BATCH = 15;
const NEG_RISK_ADAPTER = "0xd91E80cF2E7be2e162c6513ceD06f1dD0dA35296";

type Auth = "none" | "l1" | "l2";
interface Ctx {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly text: string;
  readonly creds: PolymarketApiKey | undefined;
  readonly l1: { readonly address: string; readonly nonce: number } | undefined;
  readonly nowMs: number;
  readonly endpoint: Endpoint;
  /** Numbers the request in the event log (`request.received`, stamped on arrival). */
  readonly request: number;
}
interface Reply {
  readonly status: number;
  readonly body: unknown;
}
type Handler = (ctx: Ctx) => Reply | Promise<Reply>;

const ok = (body: unknown): Reply => ({ status: 200, body });
const error = (status: number, message: string): Reply => ({ status, body: { error: message } });
const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const REJECT_TEXT: Readonly<Record<PolyRejectCode, string>> = {
  market_not_found: "Invalid order payload",
  market_closed: "the market is not accepting orders",
  invalid_tick: "order is invalid. Price breaks minimum tick size rule",
  below_min_size: "order is invalid. Size lower than the minimum",
  not_enough_balance: "not enough balance / allowance",
  duplicate: "order already exists",
  post_only_cross: "invalid post-only order: order crosses book",
};
const FOK_KILLED = "order couldn't be fully filled. FOK orders are fully filled or killed.";
const FAK_KILLED = "no orders found to match with FAK order. FAK orders are partially filled or killed if no match is found.";

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

function pageOf<T>(items: readonly T[], cursor: string | null): { data: T[]; next_cursor: string; limit: number; count: number } {
  const offset = cursor === null || cursor === "" ? 0 : Number(Buffer.from(cursor, "base64").toString("utf8"));
  const start = Number.isSafeInteger(offset) && offset > 0 ? offset : 0;
  const data = items.slice(start, start + PAGE_SIZE);
  const next = start + PAGE_SIZE < items.length ? Buffer.from(String(start + PAGE_SIZE)).toString("base64") : END_CURSOR;
  return { data, next_cursor: next, limit: PAGE_SIZE, count: data.length };
}

export interface PolymarketRest {
  handle(req: IncomingMessage, res: ServerResponse, endpoint: Endpoint): void;
  close(): void;
}

/** The CLOB REST API (clob.polymarket.com) over the simulator's Polymarket exchange. */
export function createPolymarketRest(core: SimCore, logger: Logger): PolymarketRest {
  const ex = core.polymarket;
  const knobs = core.polymarketKnobs;
  const windows: Windows = new Map();
  const pending = new Set<ServerResponse>();

  const outcomeOf = (tokenId: string): string => {
    const t = ex.marketOfToken(tokenId);
    return t === undefined ? "" : (core.polymarketMarket(t.market.conditionId)?.outcomes[t.tokenIndex].label ?? "");
  };
  const makerOf = (accountId: string): string => core.polymarketWallet(accountId)?.funder ?? accountId;
  const orderOut = (o: PolyOrderRecord): Record<string, unknown> => orderJson(o, makerOf(o.accountId), outcomeOf(o.tokenId));

  function tradeOut(t: PolyTrade, accountId: string): Record<string, unknown> | undefined {
    const m = ex.market(t.conditionId);
    if (m === undefined) return undefined;
    const parties = {
      takerMaker: makerOf(t.takerAccountId),
      makerMaker: makerOf(t.makerAccountId),
      takerOutcome: outcomeOf(m.tokenIds[t.takerTokenIndex]),
      makerOutcome: outcomeOf(m.tokenIds[t.makerTokenIndex]),
    };
    const s = core.polymarketTradeStatus(t.tradeId);
    return tradeJson(t, m, s.status, parties, t.takerAccountId === accountId ? "TAKER" : "MAKER", s.updatedMs);
  }

  /** The POST /order answer for an order the exchange took (or killed). */
  function answer(o: PolyOrderRecord, trades: readonly PolyTrade[], signed: { maker: string; taker: string }): Reply {
    if (trades.length === 0 && o.status === "CANCELED") return error(400, o.orderType === "FOK" ? FOK_KILLED : FAK_KILLED);
    const matched = trades.reduce((n, t) => n + t.sizeHundredths, 0);
    const notional = trades.reduce((n, t) => n + t.sizeHundredths * t.takerPriceUnits, 0);
    const status = o.status === "DELAYED" ? "delayed" : trades.length > 0 ? "matched" : "live";
    // A working order echoes its signed amounts (the docs' live and delayed examples); a matched one reports the fill.
    const making = status === "matched" ? String(o.side === "BUY" ? notional : matched * 10_000) : signed.maker;
    const taking = status === "matched" ? String(o.side === "BUY" ? matched * 10_000 : notional) : signed.taker;
    const immediate = o.orderType === "FOK" || o.orderType === "FAK";
    return ok({
      success: true,
      errorMsg: "",
      orderID: o.orderId,
      status,
      makingAmount: making,
      takingAmount: taking,
      tradeIDs: trades.map((t) => t.tradeId),
      ...(!immediate && trades.length > 0 && { transactionsHashes: [] }),
    });
  }

  /** Places a checked order, honouring an armed fault, the sports delay and the late fill. */
  async function place(req: PolyOrderRequest, signed: { maker: string; taker: string }): Promise<Reply> {
    const fault = knobs.faults.shift();
    if (fault?.mode === "reject") return error(400, "the order was not accepted: matching engine unavailable (simulated reject)");
    let placement: PolymarketPlacement = "now";
    if (fault?.mode === "late-fill") placement = { lateFillMs: fault.delayMs };
    else if (fault?.mode === "delayed") placement = { delayMs: fault.delayMs };
    else if (core.scenario.polymarket.sportsDelayMs > 0 && ex.marketable(req)) placement = { delayMs: core.scenario.polymarket.sportsDelayMs };
    const step: PolymarketStep<PolySubmitResult> = core.submitPolymarket(req, placement);
    if (fault?.mode === "timeout") await delay(fault.delayMs);
    const r = step.result;
    if (!r.ok) return error(400, REJECT_TEXT[r.code]);
    return answer(r.order, r.trades, signed);
  }

  async function postOne(raw: unknown, creds: PolymarketApiKey, ctx: Ctx): Promise<Reply> {
    // Every order that arrives is recorded, refused or not (a client's frame → order time counts the orders it sent);
    // `request` names the arrival stamp (request.received), since the checks below take time of their own.
    const sent = typeof raw === "object" && raw !== null ? (raw as { order?: { tokenId?: unknown; side?: unknown } }).order : undefined;
    const tokenId = typeof sent?.tokenId === "string" ? sent.tokenId : "";
    core.log.append("order.received", core.clock(), {
      venue: "polymarket",
      client: ctx.endpoint.label,
      request: ctx.request,
      market: ex.marketOfToken(tokenId)?.market.conditionId ?? "",
      tokenId,
      side: typeof sent?.side === "string" ? sent.side : "",
      orderType: typeof raw === "object" && raw !== null ? String((raw as { orderType?: unknown }).orderType ?? "") : "",
    });
    const checked = await checkOrder(raw, creds, core.polymarketWallet(creds.address), ex, ctx.nowMs);
    if (!checked.ok) {
      core.log.append("order.refused", core.clock(), { venue: "polymarket", client: ctx.endpoint.label, request: ctx.request, error: checked.error });
      return error(400, checked.error);
    }
    const o = (raw as { order: { makerAmount: string; takerAmount: string } }).order;
    return place(checked.request, { maker: o.makerAmount, taker: o.takerAmount });
  }

  function cancelIds(ids: readonly string[], accountId: string, nowMs: number): Reply {
    const canceled: string[] = [];
    const notCanceled: Record<string, string> = {};
    for (const id of ids) {
      const o = ex.order(id);
      if (o === undefined || o.accountId !== accountId) {
        notCanceled[id] = "Order not found or already canceled";
        continue;
      }
      const step = ex.cancel(id, nowMs);
      core.publishPolymarket(step);
      if (step.result?.status === "CANCELED") canceled.push(id);
      else notCanceled[id] = o.status === "MATCHED" ? "Order already matched" : "Order not found or already canceled";
    }
    return ok({ canceled, not_canceled: notCanceled });
  }

  const openIds = (accountId: string, pred: (o: PolyOrderRecord) => boolean): string[] =>
    ex
      .ordersOf(accountId)
      .filter((o) => (o.status === "LIVE" || o.status === "DELAYED") && pred(o))
      .map((o) => o.orderId);

  const routes: Route<{ auth: Auth; handler: Handler }>[] = [];
  const add = (method: string, pattern: string, auth: Auth, handler: Handler) => routes.push({ method, pattern, handler: { auth, handler } });

  add("GET", "/ok", "none", () => ok("OK"));
  add("GET", "/time", "none", (ctx) => ok(Math.floor(ctx.nowMs / 1000)));
  add("GET", "/version", "none", () => ok({ version: 2 }));

  function bookOf(tokenId: string, nowMs: number): Record<string, unknown> | undefined {
    const t = ex.marketOfToken(tokenId);
    const b = ex.tokenBook(tokenId);
    return t === undefined || b === undefined ? undefined : bookSummary(t.market, t.tokenIndex, b, nowMs);
  }
  const NO_BOOK = "No orderbook exists for the requested token id";
  add("GET", "/book", "none", (ctx) => {
    const b = bookOf(ctx.query.get("token_id") ?? "", ctx.nowMs);
    return b === undefined ? error(404, NO_BOOK) : ok(b);
  });
  add("POST", "/books", "none", (ctx) => {
    const r = z
      .array(z.object({ token_id: z.string() }))
      .max(500)
      .safeParse(parseJson(ctx.text));
    if (!r.success) return error(400, "Invalid payload");
    const books = r.data.map((x) => bookOf(x.token_id, ctx.nowMs));
    return books.every((b) => b !== undefined) ? ok(books) : error(404, NO_BOOK);
  });
  add("GET", "/tick-size", "none", (ctx) => {
    const t = ex.marketOfToken(ctx.query.get("token_id") ?? "");
    return t === undefined ? error(404, "market not found") : ok({ minimum_tick_size: Number(price(t.market.tickUnits)) });
  });
  add("GET", "/neg-risk", "none", (ctx) => {
    const t = ex.marketOfToken(ctx.query.get("token_id") ?? "");
    return t === undefined ? error(404, "market not found") : ok({ neg_risk: t.market.negRisk });
  });
  add("GET", "/clob-markets/:conditionId", "none", (ctx) => {
    const id = ctx.params["conditionId"] ?? "";
    const m = ex.market(id);
    const l = core.polymarketMarket(id);
    return m === undefined || l === undefined ? error(404, "market not found") : ok(clobMarketJson(m, l, core.scenario.polymarket.sportsDelayMs / 1000));
  });

  add("POST", "/auth/api-key", "l1", (ctx) => {
    const l1 = ctx.l1;
    if (l1 === undefined || core.polymarketWallet(l1.address) === undefined) return error(401, UNAUTHORIZED);
    const creds = deriveCreds(core.scenario.seed, l1.address, l1.nonce);
    if (!core.addPolymarketKey(creds, l1.nonce)) return error(400, "Could not create api key");
    return ok({ apiKey: creds.key, secret: creds.secret, passphrase: creds.passphrase });
  });
  add("GET", "/auth/derive-api-key", "l1", (ctx) => {
    const creds = ctx.l1 === undefined ? undefined : core.polymarketKeyFor(ctx.l1.address, ctx.l1.nonce);
    return creds === undefined ? error(400, "Could not derive api key!") : ok({ apiKey: creds.key, secret: creds.secret, passphrase: creds.passphrase });
  });

  const me = (ctx: Ctx): PolymarketApiKey => ctx.creds as PolymarketApiKey;
  add("POST", "/order", "l2", (ctx) => postOne(parseJson(ctx.text), me(ctx), ctx));
  add("POST", "/orders", "l2", async (ctx) => {
    const list = parseJson(ctx.text);
    if (!Array.isArray(list) || list.length === 0) return error(400, "Invalid order payload");
    if (list.length > MAX_BATCH) return error(400, `Too many orders in payload, max allowed: ${MAX_BATCH}`);
    const out: unknown[] = [];
    for (const item of list) {
      const r = await postOne(item, me(ctx), ctx);
      out.push(
        r.status === 200
          ? r.body
          : { success: false, errorMsg: (r.body as { error: string }).error, orderID: "", status: "", makingAmount: "", takingAmount: "", tradeIDs: [] },
      );
    }
    return ok(out);
  });
  add("DELETE", "/order", "l2", (ctx) => {
    const r = z.object({ orderID: z.string().min(1) }).safeParse(parseJson(ctx.text));
    return r.success ? cancelIds([r.data.orderID], me(ctx).address, ctx.nowMs) : error(400, "Invalid payload");
  });
  add("DELETE", "/orders", "l2", (ctx) => {
    const r = z.array(z.string().min(1)).max(3000).safeParse(parseJson(ctx.text));
    return r.success ? cancelIds(r.data, me(ctx).address, ctx.nowMs) : error(400, "Invalid payload");
  });
  add("DELETE", "/cancel-all", "l2", (ctx) =>
    cancelIds(
      openIds(me(ctx).address, () => true),
      me(ctx).address,
      ctx.nowMs,
    ),
  );
  add("DELETE", "/cancel-market-orders", "l2", (ctx) => {
    const r = z.object({ market: z.string().optional(), asset_id: z.string().optional() }).safeParse(parseJson(ctx.text) ?? {});
    if (!r.success) return error(400, "Invalid payload");
    const { market, asset_id } = r.data;
    const ids = openIds(
      me(ctx).address,
      (o) => (market === undefined || market === "" || o.conditionId === market) && (asset_id === undefined || asset_id === "" || o.tokenId === asset_id),
    );
    return cancelIds(ids, me(ctx).address, ctx.nowMs);
  });

  const matches = (q: URLSearchParams, o: { id: string; market: string; asset: string }): boolean => {
    const want = (k: string, v: string) => {
      const x = q.get(k);
      return x === null || x === "" || x === v;
    };
    return want("id", o.id) && want("market", o.market) && want("asset_id", o.asset);
  };
  add("GET", "/data/orders", "l2", (ctx) => {
    const open = ex
      .ordersOf(me(ctx).address)
      .filter((o) => (o.status === "LIVE" || o.status === "DELAYED") && matches(ctx.query, { id: o.orderId, market: o.conditionId, asset: o.tokenId }));
    return ok(pageOf(open.map(orderOut), ctx.query.get("next_cursor")));
  });
  add("GET", "/data/order/:id", "l2", (ctx) => {
    const o = ex.order(ctx.params["id"] ?? "");
    return o === undefined || o.accountId !== me(ctx).address ? error(404, "order not found") : ok(orderOut(o));
  });
  add("GET", "/data/trades", "l2", (ctx) => {
    const account = me(ctx).address;
    const before = Number(ctx.query.get("before") ?? Number.POSITIVE_INFINITY);
    const after = Number(ctx.query.get("after") ?? 0);
    const maker = ctx.query.get("maker_address");
    const rows = ex
      .tradesOf(account)
      .filter((t) => {
        const asset = ex.market(t.conditionId)?.tokenIds[t.takerAccountId === account ? t.takerTokenIndex : t.makerTokenIndex] ?? "";
        const sec = Math.floor(t.tsMs / 1000);
        return (
          matches(ctx.query, { id: t.tradeId, market: t.conditionId, asset }) &&
          sec < before &&
          sec >= after &&
          (maker === null || maker === "" || maker.toLowerCase() === makerOf(account).toLowerCase())
        );
      })
      .flatMap((t) => tradeOut(t, account) ?? []);
    return ok(pageOf(rows, ctx.query.get("next_cursor")));
  });

  function balance(ctx: Ctx): Reply {
    const account = ex.account(me(ctx).address);
    const type = ctx.query.get("asset_type");
    if (account === undefined) return error(404, "account not found");
    const allowances = {
      [EXCHANGE_V2]: "115792089237316195423570985008687907853269984665640564039457584007913129639935",
      [NEG_RISK_EXCHANGE_V2]: "115792089237316195423570985008687907853269984665640564039457584007913129639935",
      [NEG_RISK_ADAPTER]: "115792089237316195423570985008687907853269984665640564039457584007913129639935",
    };
    if (type === "COLLATERAL") return ok({ balance: String(account.balanceMicros), allowances });
    if (type === "CONDITIONAL") return ok({ balance: sharesBase(account.tokens.get(ctx.query.get("token_id") ?? "") ?? 0), allowances });
    return error(400, "Invalid asset type");
  }
  add("GET", "/balance-allowance", "l2", balance);
  add("GET", "/balance-allowance/update", "l2", balance);

  async function readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  }

  function send(res: ServerResponse, r: Reply): void {
    pending.delete(res);
    if (res.writableEnded || res.destroyed) return;
    const text = JSON.stringify(r.body);
    res.writeHead(r.status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text);
  }

  let requests = 0;
  async function serve(req: IncomingMessage, res: ServerResponse, endpoint: Endpoint): Promise<void> {
    const nowMs = core.advance();
    const url = new URL(req.url ?? "/", "http://sim.invalid");
    const method = (req.method ?? "GET").toUpperCase();
    const request = ++requests;
    core.log.append("request.received", nowMs, { venue: "polymarket", client: endpoint.label, request, method, path: url.pathname + url.search });
    const text = await readBody(req);
    const match = matchRoute(routes, method, url.pathname);
    if (!match.found) return send(res, error(match.status, match.status === 404 ? "Not Found" : "Method Not Allowed"));
    const spec = match.route.handler;
    const nowSec = Math.floor(nowMs / 1000);
    let creds: PolymarketApiKey | undefined;
    let l1: { address: string; nonce: number } | undefined;
    if (spec.auth === "l2") {
      const r = checkL2(req.headers, method, url.pathname, text, core.polymarketKey, nowSec, knobs.authSkewSec);
      if (!r.ok) return send(res, error(401, r.error));
      creds = r.value;
      core.labelAccount(creds.address, endpoint.label);
    } else if (spec.auth === "l1") {
      const r = await checkL1(req.headers, nowSec, knobs.authSkewSec);
      if (!r.ok) return send(res, error(401, r.error));
      l1 = r.value;
    }
    const posted = method === "POST" && url.pathname === "/orders" ? Math.max(1, (parseJson(text) as unknown[] | undefined)?.length ?? 1) : 1;
    const isOrder = method === "POST" && (url.pathname === "/order" || url.pathname === "/orders");
    const limit = isOrder ? knobs.ordersPer10s : knobs.readsPer10s;
    const who = `${creds?.address ?? req.socket.remoteAddress ?? "anon"}:${isOrder ? "order" : "read"}`;
    const admitted = admit(windows, who, nowMs, isOrder ? posted : 1, limit);
    if (admitted.waitMs > 0) {
      if (knobs.rateLimitMode === "reject") return send(res, error(429, "Too Many Requests"));
      // The venue's Cloudflare limits delay (queue) a request over the limit instead of refusing it.
      await delay(admitted.waitMs);
    }
    const latency = knobs.latencyByEndpoint.get(`${method} ${match.route.pattern}`) ?? knobs.latencyAllMs;
    if (latency > 0) await delay(latency);
    const out = await spec.handler({ params: match.params, query: url.searchParams, text, creds, l1, nowMs: core.clock(), endpoint, request });
    send(res, out);
  }

  return {
    handle(req, res, endpoint) {
      pending.add(res);
      serve(req, res, endpoint).catch((err: unknown) => {
        logger.error({ err }, "polymarket rest handler failed");
        send(res, error(500, "Internal Server Error"));
      });
    },
    close() {
      for (const res of pending) res.destroy();
      pending.clear();
    },
  };
}
