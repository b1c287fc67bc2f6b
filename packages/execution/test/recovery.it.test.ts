import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Sim } from "@arb/venue-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Ledger } from "../src/ledger/sqlite.js";
import { type EngineProcess, eventsOf, exited, spawnEngine, stopAll } from "./engine-process.js";
import { BALANCE_MICROS, putArb, rsaPair, startTestSim, waitFor } from "./harness.js";

let sim: Sim;
let tickers: string[];
let dir: string;
const children: EngineProcess[] = [];

beforeAll(async () => {
  ({ sim, tickers } = await startTestSim());
  dir = mkdtempSync(join(tmpdir(), "arb-recovery-"));
});

afterAll(async () => {
  await stopAll(children);
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** 10 YES at 0.45 and 10 NO at 0.45 on one Kalshi market; 10 more YES at 0.45 behind them, for a hedge. */
const BOOK = { yes: [[5500, 1000]] as [number, number][], no: [[5500, 2000]] as [number, number][] };

/**
 * Each moment of an arb at which the engine SIGKILLs itself (the child's `killAt`), and whether the arb is one-sided
 * (its YES order rejected, so a hedge must follow). The restart must finish the job: every order's fate found, every
 * fill booked once, the excess hedged as soon as the books allow, and the ledger equal to the venue to the micro.
 */
const MOMENTS: ReadonlyArray<{ readonly at: string; readonly oneSided: boolean }> = [
  { at: "committed", oneSided: false },
  { at: "sent", oneSided: false },
  { at: "acked", oneSided: false },
  { at: "fill", oneSided: true },
  { at: "hedge-committed", oneSided: true },
  { at: "resolving", oneSided: true },
  { at: "hedge-acked", oneSided: true },
];

async function run(ticker: string, at: string, oneSided: boolean, emptyAtRestart: boolean) {
  const keys = rsaPair();
  const account = sim.control.createKalshiAccount({ publicKeyPem: keys.publicKey, balanceMicros: BALANCE_MICROS });
  const args = {
    restUrl: sim.urls.kalshi.rest,
    wsUrl: sim.urls.kalshi.ws,
    keyId: account.keyId,
    privateKeyPem: keys.privateKey,
    ledgerPath: join(dir, `${at}-${emptyAtRestart}.db`),
    ticker,
    privateChannels: true,
  };
  const first = spawnEngine("crash-child.mjs", { ...args, killAt: at });
  children.push(first);
  await waitFor("first engine ready", () => first.lines.some((l) => l["ready"] === true), 15_000);
  if (oneSided) sim.control.faultOrders("kalshi", { mode: "reject", count: 1 });
  putArb(sim, ticker, BOOK);
  await exited(first);
  expect(first.proc.signalCode, `killed at ${at}`).toBe("SIGKILL");
  // The books the restarted engine meets: as the kill left them, or empty until it has started (no hedge possible).
  if (emptyAtRestart) sim.control.setKalshiBook(ticker, { yes: [], no: [] });

  const second = spawnEngine("crash-child.mjs", args);
  children.push(second);
  await waitFor("restarted engine reconciled", () => second.lines.some((l) => l["reconciled"] !== undefined), 15_000);
  if (emptyAtRestart) {
    await waitFor("exposure alerted with its reason", () => eventsOf(second, "exposure.residual").length > 0, 10_000);
    expect(eventsOf(second, "exposure.residual")[0]).toMatchObject({ reason: "NO_DEPTH", final: false });
    // Depth comes back: the watched arb is hedged on the book's change.
    sim.control.setKalshiBook(ticker, { yes: [], no: [[5500, 1000]] });
  }
  const ledgerDone = () => {
    const l = new Ledger({ path: args.ledgerPath });
    try {
      return (
        l.arbs().length > 0 &&
        l.arbs().every((a) => a.status === "closed") &&
        l.orders().every((o) => ["filled", "canceled", "rejected", "expired"].includes(o.status))
      );
    } finally {
      l.close();
    }
  };
  await waitFor(`every arb closed after a kill at ${at}`, ledgerDone, 15_000);
  second.proc.kill("SIGTERM");
  await exited(second);

  const venue = sim.control.account(account.accountId);
  if (venue === undefined) throw new Error("no account");
  const ledger = new Ledger({ path: args.ledgerPath });
  try {
    expect(new Set(venue.orders.map((o) => o.clientOrderId)).size, "no order sent twice").toBe(venue.orders.length);
    const fills = ledger.fills().filter((f) => f.reversedMs === undefined);
    expect(fills.length, "every fill booked, once").toBe(venue.fills.length);
    for (const f of fills) expect(venue.fills.some((v) => v.fillId === f.fillId || v.tradeId === f.fillId)).toBe(true);
    expect(ledger.expectedBalanceMicros("kalshi")).toBe(venue.balanceMicros);
    const net = ledger.netPositions("kalshi");
    for (const p of venue.positions) expect(net.get(p.ticker) ?? 0).toBe(p.yesHundredths - p.noHundredths);
    // Matched: as many YES as NO held, whatever the kill interrupted.
    const held = ledger.holdings().filter((h) => h.market === ticker);
    const side = (s: "yes" | "no") => held.find((h) => h.side === s)?.contractsHundredths ?? 0;
    expect(side("yes")).toBe(side("no"));
    return { ledger: ledger.arbs(), alerts: ledger.alerts() };
  } finally {
    ledger.close();
  }
}

describe("recovery after a crash finishes the job", () => {
  MOMENTS.forEach(({ at, oneSided }, i) => {
    it(`SIGKILL at "${at}"${oneSided ? " of a one-sided arb" : ""}: the restart resolves every order and exposure; ledger == venue`, async () => {
      const r = await run(tickers[i % tickers.length] as string, at, oneSided, false);
      expect(r.ledger.every((a) => a.status === "closed")).toBe(true);
    });
  });

  it("an exposure the restart cannot hedge yet (no books) is alerted with its reason, watched, and hedged when depth returns", async () => {
    // Killed with the hedge journaled but not sent: the restart finds it never reached the venue, and the excess open.
    const r = await run(tickers[MOMENTS.length % tickers.length] as string, "hedge-committed", true, true);
    expect(r.alerts.map((a) => a.kind)).toContain("exposure.residual");
    expect(r.ledger.every((a) => a.status === "closed")).toBe(true);
  });
});
