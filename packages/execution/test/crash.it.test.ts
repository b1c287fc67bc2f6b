import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Sim } from "@arb/venue-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Ledger } from "../src/ledger/sqlite.js";
import { type EngineProcess, eventsOf as events, exited, spawnEngine, stopAll } from "./engine-process.js";
import { BALANCE_MICROS, putArb, rsaPair, startTestSim, waitFor } from "./harness.js";

let sim: Sim;
let tickers: string[];
let dir: string;
const children: EngineProcess[] = [];

beforeAll(async () => {
  ({ sim, tickers } = await startTestSim());
  dir = mkdtempSync(join(tmpdir(), "arb-crash-"));
});

afterAll(async () => {
  await stopAll(children);
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("crash safety", () => {
  it("SIGKILL between send and ack: restart reconciles with no lost fill, no duplicate order, ledger == venue to the micro", async () => {
    const ticker = tickers[0] as string;
    const keys = rsaPair();
    const account = sim.control.createKalshiAccount({ publicKeyPem: keys.publicKey, balanceMicros: BALANCE_MICROS });
    const args = {
      restUrl: sim.urls.kalshi.rest,
      wsUrl: sim.urls.kalshi.ws,
      keyId: account.keyId,
      privateKeyPem: keys.privateKey,
      ledgerPath: join(dir, "ledger.db"),
      ticker,
    };

    // The first run has no user channel, so the held answer is the only way it could learn of its order: at the kill
    // the ledger holds that order as sent, with none of its fills.
    const first = spawnEngine("crash-child.mjs", { ...args, privateChannels: false });
    children.push(first);
    await waitFor("first engine ready", () => first.lines.some((l) => l["ready"] === true), 15_000);
    // The venue places the first order at once but holds its answer: the engine is killed while it waits for it.
    sim.control.faultOrders("kalshi", { mode: "timeout", count: 1, delayMs: 5_000 });
    putArb(sim, ticker, { yes: [[5500, 1000]], no: [[5500, 1000]] });
    await waitFor(
      "both orders at the venue and one answer back",
      () => (sim.control.account(account.accountId)?.orders.length ?? 0) === 2 && events(first, "order.changed").some((e) => e["to"] === "acked"),
      10_000,
    );
    expect(events(first, "arb.closed")).toHaveLength(0);
    first.proc.kill("SIGKILL");
    await exited(first);

    const mid = new Ledger({ path: args.ledgerPath });
    expect(
      mid.orders().map((o) => o.status),
      "ledger at the kill",
    ).toContain("sent");
    mid.close();

    const second = spawnEngine("crash-child.mjs", { ...args, privateChannels: true });
    children.push(second);
    await waitFor(
      "arb closed after restart",
      () => events(second, "arb.closed").length === 1 && second.lines.some((l) => l["reconciled"] !== undefined),
      15_000,
    );
    const report = second.lines.find((l) => l["reconciled"] !== undefined)?.["reconciled"] as { differences: Array<{ kind: string }> };
    expect(report.differences.map((d) => d.kind)).toContain("order.status-differs");
    expect(events(second, "arb.closed")[0]).toMatchObject({ matchedHundredths: 1000, pnlMicros: 640_000 });
    expect(events(second, "arb.started")).toHaveLength(0);
    second.proc.kill("SIGTERM");
    await exited(second);

    const venue = sim.control.account(account.accountId);
    if (venue === undefined) throw new Error("no account");
    const ledger = new Ledger({ path: args.ledgerPath });
    try {
      expect(venue.orders).toHaveLength(2);
      expect(new Set(venue.orders.map((o) => o.clientOrderId)).size).toBe(2);
      const fills = ledger.fills();
      expect(fills).toHaveLength(venue.fills.length);
      for (const f of fills)
        expect(
          venue.fills.some((v) => v.fillId === f.fillId || v.tradeId === f.fillId),
          `fill ${f.fillId} at the venue`,
        ).toBe(true);
      expect(fills.reduce((s, f) => s + f.sizeHundredths, 0)).toBe(venue.fills.reduce((s, f) => s + f.countHundredths, 0));
      expect(ledger.expectedBalanceMicros("kalshi")).toBe(venue.balanceMicros);
      const net = ledger.netPositions("kalshi");
      for (const p of venue.positions) expect(net.get(p.ticker) ?? 0).toBe(p.yesHundredths - p.noHundredths);
      expect(ledger.holdings().reduce((s, h) => s + h.contractsHundredths, 0)).toBe(2000);
      for (const o of ledger.orders()) expect(["filled", "canceled", "rejected", "expired"]).toContain(o.status);
      expect(ledger.arbs("closed")).toHaveLength(1);
    } finally {
      ledger.close();
    }
  });
});
