import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { Logger } from "pino";
import { z } from "zod";
import { describeIssues } from "../scenario/load.js";
import type { EndpointUrls } from "../index.js";
import { EndpointSpec } from "../runtime/endpoint.js";
import { ControlInput, type SimControl } from "./control.js";

/**
 * The admin HTTP API: SimControl over JSON for out-of-process tests and operators.
 *   POST /kalshi/accounts            {publicKeyPem, balanceMicros, direct?}   → 201 {keyId, accountId}
 *   POST /polymarket/accounts        {privateKey? | address, balanceMicros, signatureType?, funder?} → 201 wallet
 *   GET  /polymarket/accounts/:addr                                             → PolymarketAccountView
 *   PUT  /polymarket/books/:tokenId  {bids: [[p, s]…], asks: [[p, s]…]}      → 204
 *   PUT  /polymarket/ticks/:conditionId {tickUnits}                            → 204
 *   GET  /markets                                                               → MarketsView
 *   PUT  /kalshi/books/:ticker       {yes: [[p, s]…], no: [[p, s]…]}          → 204
 *   PUT  /kalshi/events/:eventTicker/fee {feeType, multiplier} (both null: clear) → 200 {takerRatePpm, makerRatePpm}
 *   POST /arbs                       {kind, ticker? | conditionId?, edgeBps, sizeHundredths, durationMs} → 201 ArbWindow
 *   POST /venues/:venue/kill                                                    → 204
 *   PUT  /venues/:venue/pause        {paused}                                  → 204
 *   PUT  /venues/:venue/latency      {endpoint?, ms}                           → 204
 *   POST /venues/:venue/faults       {mode, count?, delayMs?}                  → 204
 *   POST /venues/:venue/seq-gap      {skip?}                                   → 204
 *   POST /venues/:venue/malformed    {count?}                                  → 204
 *   PUT  /venues/:venue/rate-limit   {readPerSec, writePerSec}                 → 204
 *   PUT  /venues/:venue/silence      {silent}                                  → 204
 *   GET  /accounts/:id                                                          → AccountView
 *   GET  /events                                                                → LogRecord[]
 *   POST /valuation                  {client? | kalshiAccounts?, polymarketAddresses?, startBalanceMicros} → 200 Valuation
 *   POST /endpoints                  {label, kalshi?, polymarket?}             → 201 endpoint URLs (its own ports)
 */
type Result = { status: number; body?: unknown };

class BadInput extends Error {}

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const r = schema.safeParse(input);
  if (!r.success) throw new BadInput(describeIssues(r.error).join("; "));
  return r.data;
}

const Paused = z.object({ paused: z.boolean() });
const Skip = z.object({ skip: z.number().int().positive().default(1) });
const Count = z.object({ count: z.number().int().positive().default(1) });
const Silent = z.object({ silent: z.boolean() });

/** Opens an endpoint for a client: its own ports, dialects and label (see runtime/endpoint.ts). */
export type OpenEndpoint = (spec: EndpointSpec) => Promise<EndpointUrls>;

function route(control: SimControl, method: string, parts: readonly string[], body: unknown, openEndpoint: OpenEndpoint): Result | Promise<Result> {
  const [a, b, c] = parts;
  if (method === "POST" && a === "endpoints" && parts.length === 1) {
    return openEndpoint(parse(EndpointSpec, body)).then((urls) => ({ status: 201, body: urls }));
  }
  if (method === "POST" && a === "kalshi" && b === "accounts" && parts.length === 2) {
    return { status: 201, body: control.createKalshiAccount(parse(ControlInput.createKalshiAccount, body)) };
  }
  if (method === "POST" && a === "polymarket" && b === "accounts" && parts.length === 2) {
    return { status: 201, body: control.createPolymarketAccount(parse(ControlInput.createPolymarketAccount, body)) };
  }
  if (method === "GET" && a === "polymarket" && b === "accounts" && c !== undefined) {
    const view = control.polymarketAccount(c);
    return view === undefined ? { status: 404, body: { error: { code: "not_found", message: `account ${c} not found` } } } : { status: 200, body: view };
  }
  if (method === "PUT" && a === "polymarket" && b === "books" && c !== undefined) {
    control.setPolymarketBook(c, parse(ControlInput.setPolymarketBook, body));
    return { status: 204 };
  }
  if (method === "PUT" && a === "polymarket" && b === "ticks" && c !== undefined) {
    control.setPolymarketTick(c, parse(ControlInput.setPolymarketTick, body));
    return { status: 204 };
  }
  if (method === "GET" && a === "markets" && parts.length === 1) return { status: 200, body: control.markets() };
  if (method === "PUT" && a === "kalshi" && b === "books" && c !== undefined) {
    control.setKalshiBook(c, parse(ControlInput.setKalshiBook, body));
    return { status: 204 };
  }
  if (method === "PUT" && a === "kalshi" && b === "events" && c !== undefined && parts[3] === "fee" && parts.length === 4) {
    return { status: 200, body: control.setEventFee(c, parse(ControlInput.setEventFee, body)) };
  }
  if (method === "POST" && a === "arbs" && parts.length === 1) return { status: 201, body: control.injectArb(parse(ControlInput.injectArb, body)) };
  if (method === "GET" && a === "accounts" && b !== undefined) {
    const view = control.account(b);
    return view === undefined ? { status: 404, body: { error: { code: "not_found", message: `account ${b} not found` } } } : { status: 200, body: view };
  }
  if (method === "GET" && a === "events" && parts.length === 1) return { status: 200, body: control.events() };
  if (method === "POST" && a === "valuation" && parts.length === 1) return { status: 200, body: control.valuation(parse(ControlInput.valuation, body)) };
  if (a === "venues" && b !== undefined && c !== undefined) {
    const v = parse(ControlInput.venue, b);
    const op = `${method} ${c}`;
    if (op === "POST kill") control.killConnections(v);
    else if (op === "PUT pause") control.pauseVenue(v, parse(Paused, body).paused);
    else if (op === "PUT latency") control.setLatency(v, parse(ControlInput.setLatency, body));
    else if (op === "POST faults") control.faultOrders(v, parse(ControlInput.faultOrders, body));
    else if (op === "POST seq-gap") control.seqGap(v, parse(Skip, body ?? {}).skip);
    else if (op === "POST malformed") control.sendMalformed(v, parse(Count, body ?? {}).count);
    else if (op === "PUT rate-limit") control.setRateLimit(v, parse(ControlInput.setRateLimit, body));
    else if (op === "PUT silence") control.silence(v, parse(Silent, body).silent);
    else return { status: 404, body: { error: { code: "not_found", message: "no such admin endpoint" } } };
    return { status: 204 };
  }
  return { status: 404, body: { error: { code: "not_found", message: "no such admin endpoint" } } };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new BadInput("(body): not valid JSON");
  }
}

function reply(res: ServerResponse, r: Result): void {
  if (r.body === undefined) {
    res.writeHead(r.status).end();
    return;
  }
  const text = JSON.stringify(r.body);
  res.writeHead(r.status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) }).end(text);
}

export function createAdminServer(control: SimControl, logger: Logger, openEndpoint: OpenEndpoint): Server {
  return createServer((req, res) => {
    const parts = new URL(req.url ?? "/", "http://sim.invalid").pathname
      .split("/")
      .filter((p) => p !== "")
      .map(decodeURIComponent);
    readJson(req)
      .then((body) => route(control, (req.method ?? "GET").toUpperCase(), parts, body, openEndpoint))
      .then((r) => reply(res, r))
      .catch((err: unknown) => {
        const isInput = err instanceof BadInput || err instanceof RangeError || err instanceof TypeError;
        if (!isInput) logger.error({ err }, "admin request failed");
        reply(res, {
          status: isInput ? 400 : 500,
          body: { error: { code: isInput ? "bad_request" : "internal_error", message: err instanceof Error ? err.message : String(err) } },
        });
      });
  });
}
