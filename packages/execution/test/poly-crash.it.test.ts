import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEngine } from "@arb/core-wasm";
import { polymarketOrderFeeMicros } from "@arb/domain";
import { type Sim, parseScenario, startSim } from "@arb/venue-sim";
import { type MarketInfo, type PolymarketClients, createPolymarketClients } from "@arb/venues";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Ledger } from "../src/ledger/sqlite.js";
import { polymarketExecVenue } from "../src/venue/polymarket.js";
import { type CrossMarket, crossMarkets } from "./cross-rig.js";
import { type EngineProcess, eventsOf, exited, spawnEngine, stopAll } from "./engine-process.js";
import { BALANCE_MICROS, waitFor } from "./harness.js";

let sim: Sim;
let market: CrossMarket;
let dir: string;
let client: PolymarketClients | undefined;
const children: EngineProcess[] = [];

beforeAll(async () => {
  const scenario = {
    name: "execution-poly-crash",
    seed: 11,
    tickMs: 20,
    games: { count: 2, leagues: ["NBA"] },
    kalshi: { wsPingMs: 1000 },
    polymarket: { minedMs: 100, confirmedMs: 300 },
  };
  sim = await startSim({ scenario: parseScenario(scenario) });
  const m = crossMarkets(sim)[0];
  if (m === undefined) throw new Error("no Polymarket market");
  market = m;
  dir = mkdtempSync(join(tmpdir(), "arb-poly-crash-"));
});

afterAll(async () => {
  await stopAll(children);
  await client?.close();
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("crash safety on Polymarket (no client order id at the venue)", () => {
  it("SIGKILL between send and ack: the order hash committed before the send finds the order after restart; no lost fill, no duplicate, ledger == venue", async () => {
    const privateKey = `0x${randomBytes(32).toString("hex")}` as const;
    const wallet = sim.control.createPolymarketAccount({ privateKey, balanceMicros: BALANCE_MICROS });
    const config = { urls: sim.urls.polymarket, privateKey, retry: { attempts: 1, baseMs: 5, maxMs: 20 }, requestTimeoutMs: 2_000 };
    const l1 = createPolymarketClients({ config, engine: createEngine(), sink: () => undefined, logger: pino({ level: "silent" }) });
    const creds = await l1.clob.createOrDeriveApiKey();
    await l1.close();
    if (!creds.ok) throw new Error(`L1 failed: ${creds.error.message}`);
    client = createPolymarketClients({
      config: { ...config, creds: creds.value },
      engine: createEngine(),
      sink: () => undefined,
      logger: pino({ level: "silent" }),
    });
    const exec = client.exec;
    if (exec === undefined) throw new Error("no exec client");
    const prepared = await exec.prepare(market.conditionId);
    if (!prepared.ok) throw new Error(prepared.error.message);
    const info: MarketInfo = prepared.value;
    // A hash the CLOB never received is a definite "not there", which is what lets a lost order expire.
    expect(await polymarketExecVenue(exec).findOrder(market.conditionId, "never-sent", `0x${"00".repeat(32)}`)).toEqual({ ok: true, value: undefined });

    // No maker quotes: the children seed an empty book, so the only arb they see is the one put up below.
    sim.control.setPolymarketBook(market.yesTokenId, { bids: [], asks: [] });
    const args = { urls: sim.urls.polymarket, privateKey, creds: creds.value, ledgerPath: join(dir, "ledger.db"), ...market };

    // The first run has no user channel and looks nothing up before the kill: the held answer is all it could learn.
    const first = spawnEngine("poly-crash-child.mjs", { ...args, privateChannels: false, orderTimeoutMs: 30_000 });
    children.push(first);
    await waitFor("first engine ready", () => first.lines.some((l) => l["ready"] === true), 15_000);
    sim.control.faultOrders("polymarket", { mode: "timeout", count: 1, delayMs: 5_000 });
    // YES ask 44¢ and NO ask 1 − 58¢ = 42¢ on one book.
    sim.control.setPolymarketBook(market.yesTokenId, { bids: [[5800, 1000]], asks: [[4400, 1000]] });
    const venueOrders = () => sim.control.polymarketAccount(wallet.address)?.orders ?? [];
    await waitFor(
      "both orders at the venue and one answer back",
      () => venueOrders().length === 2 && eventsOf(first, "order.changed").some((e) => e["to"] === "acked"),
      10_000,
    );
    first.proc.kill("SIGKILL");
    await exited(first);

    const ids = new Set(venueOrders().map((o) => o.orderId));
    const mid = new Ledger({ path: args.ledgerPath });
    const held = mid.orders().find((o) => o.status === "sent");
    mid.close();
    expect(held, "the unanswered order at the kill").toBeDefined();
    expect(ids.has(held?.venueOrderId ?? ""), "its committed hash is the venue's order id").toBe(true);

    const second = spawnEngine("poly-crash-child.mjs", { ...args, privateChannels: true, orderTimeoutMs: 300 });
    children.push(second);
    await waitFor(
      "arb closed after restart",
      () => eventsOf(second, "arb.closed").length === 1 && second.lines.some((l) => l["reconciled"] !== undefined),
      15_000,
    );
    const report = second.lines.find((l) => l["reconciled"] !== undefined)?.["reconciled"] as { differences: Array<{ kind: string; detail: string }> };
    const kinds = report.differences.map((d) => d.kind);
    expect(kinds).toContain("order.status-differs");
    expect(kinds).not.toContain("order.absent-at-venue");
    expect(eventsOf(second, "order.changed").filter((e) => e["clientOrderId"] === held?.clientOrderId)).toContainEqual(
      expect.objectContaining({ from: "sent" }),
    );
    expect(eventsOf(second, "alert.raised").map((e) => (e["alert"] as { kind: string }).kind)).not.toContain("order.stuck");
    const fee = (price: number) => polymarketOrderFeeMicros(1000, price, info.feeRatePpm, info.feeExponent);
    const cost = 1000 * 4400 + fee(4400) + 1000 * 4200 + fee(4200);
    expect(eventsOf(second, "arb.closed")[0]).toMatchObject({ matchedHundredths: 1000, pnlMicros: 1000 * 10_000 - cost });
    expect(eventsOf(second, "arb.started")).toHaveLength(0);
    second.proc.kill("SIGTERM");
    await exited(second);

    const venue = sim.control.polymarketAccount(wallet.address);
    if (venue === undefined) throw new Error("no account");
    const ledger = new Ledger({ path: args.ledgerPath });
    try {
      expect(venue.orders).toHaveLength(2);
      expect(new Set(ledger.orders().map((o) => o.venueOrderId))).toEqual(ids);
      const taken = venue.trades.filter((t) => t.takerAccountId === venue.address);
      const fills = ledger.fills();
      expect(fills.map((f) => f.fillId).sort()).toEqual(taken.map((t) => `${t.tradeId}:${t.takerOrderId}`).sort());
      expect(fills.reduce((s, f) => s + f.sizeHundredths, 0)).toBe(2000);
      expect(BALANCE_MICROS - venue.balanceMicros).toBe(cost);
      expect(ledger.expectedBalanceMicros("polymarket")).toBe(venue.balanceMicros);
      const heldTokens = (id: string) => venue.tokens.find((t) => t.tokenId === id)?.hundredths ?? 0;
      const side = (x: "yes" | "no") => ledger.holdings().find((h) => h.market === market.conditionId && h.side === x)?.contractsHundredths ?? 0;
      expect([side("yes"), side("no")]).toEqual([heldTokens(market.yesTokenId), heldTokens(market.noTokenId)]);
      expect(side("yes")).toBe(1000);
      for (const o of ledger.orders()) expect(o.status).toBe("filled");
      expect(ledger.arbs("closed")).toHaveLength(1);
    } finally {
      ledger.close();
    }
  });
});
