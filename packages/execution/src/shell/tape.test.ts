import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEngine } from "@arb/core-wasm";
import { type ArbType, kalshiSchedule, polymarketSchedule } from "@arb/domain";
import { pino } from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { Ledger } from "../ledger/sqlite.js";
import type { ExecVenue } from "../venue/port.js";
import { createExecutionEngine } from "./engine.js";
import { type TapeStep, canonicalJson, decodeState, encodeState } from "./tape.js";
import { replayTape } from "./tape-replay.js";
import { HAND_DRIVEN, showBooksAt45, stubVenue } from "../../test/stub-venue.js";

const dir = mkdtempSync(join(tmpdir(), "arb-tape-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const T0 = 1_780_000_000_000;

/** A run with the tape on: one pair, both books at 45¢ × 10, two opportunities in one frame, a tick, a stop. */
async function recordedRun(
  name: string,
  runId = "tape",
  lines: string[] = [],
  answered = true,
): Promise<{ lines: string[]; state: ReturnType<typeof createExecutionEngine>["state"] }> {
  const detection = createEngine();
  detection.addPair(detection.addSchedule(kalshiSchedule()), detection.addSchedule(polymarketSchedule(0, 1)));
  let t = T0;
  // Answered on the next turn: the answer is an input of its own step.
  const venue = (v: "kalshi" | "polymarket"): ExecVenue =>
    stubVenue(v, (intent) =>
      answered
        ? Promise.resolve({
            ok: true,
            value: { orderId: `${v}-${intent.clientOrderId}`, clientOrderId: intent.clientOrderId, filledHundredths: 0, remainingHundredths: 0, tsMs: t },
          })
        : new Promise(() => {}),
    );
  const depth = { asks: () => [4500, 1_000] };
  const engine = createExecutionEngine({
    config: HAND_DRIVEN,
    pairs: [{ pair: 0, eventId: "EV", kalshiMarket: "EV-A", polymarketMarket: "0xc" }],
    detection,
    venues: { kalshi: { orders: venue("kalshi"), depth }, polymarket: { orders: venue("polymarket"), depth } },
    ledger: new Ledger({ path: join(dir, `${name}.db`) }),
    logger: pino({ level: "silent" }),
    now: () => t,
    runId,
    tape: (l) => lines.push(l),
  });
  await engine.start();
  showBooksAt45(engine, t);
  const detected = (type: ArbType) =>
    engine.onVenueEvent({ kind: "arb.detected", venue: "kalshi", pair: 0, type, edgeUnits: 1000, edgeBps: 1000, sizeHundredths: 1000, tsMs: t });
  detected("kalshi_yes_poly_no");
  detected("poly_yes_kalshi_no");
  t += 10;
  await new Promise((r) => setTimeout(r, 20));
  engine.stopEntries();
  await engine.close();
  return { lines, state: engine.state };
}

describe("the decision tape", () => {
  it("replays a recorded run to the same decisions", async () => {
    const { lines } = await recordedRun("same");
    const steps = lines.map((l) => JSON.parse(l) as { t: string }).filter((l): l is TapeStep => l.t === "step");
    expect(steps.map((s) => s.input.kind)).toEqual(expect.arrayContaining(["opportunity.detected", "order.answered", "entries.stopped"]));
    // Every read the first decision made is on the tape: books, freshness and the in-flight slot.
    expect(new Set(steps[0]?.reads.map((r) => r[0]))).toEqual(new Set(["asks", "freshness", "isFree"]));
    expect(replayTape(lines)).toEqual({ ok: true, runs: 1, steps: steps.length, arbs: 1 });
  });

  it("reports a tampered ask price as a divergence at its step", async () => {
    const { lines } = await recordedRun("tampered");
    const i = lines.findIndex((l) => l.includes('"opportunity.detected"') && l.includes("order.place"));
    const line = JSON.parse(lines[i] as string) as TapeStep;
    const reads = line.reads.map((r) => (r[0] === "asks" ? ([...r.slice(0, 4), [4400, 1_000]] as unknown as typeof r) : r));
    const tampered = [...lines];
    tampered[i] = JSON.stringify({ ...line, reads });
    const r = replayTape(tampered);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.divergence).toMatchObject({ line: i + 1, step: line.n, inputKind: "opportunity.detected", what: "commands" });
    expect(r.divergence.expected).toEqual(line.cmds);
    expect(r.divergence.got).not.toEqual(line.cmds);
    expect(r.steps).toBe(line.n - 1);
  });

  it("reports a step that reads something else than recorded", async () => {
    const { lines } = await recordedRun("read");
    const i = lines.findIndex((l) => l.includes('"opportunity.detected"'));
    const line = JSON.parse(lines[i] as string) as TapeStep;
    const tampered = [...lines];
    tampered[i] = JSON.stringify({ ...line, reads: line.reads.map((r) => (r[0] === "isFree" ? ["isFree", 7, r[2], r[3]] : r)) });
    const r = replayTape(tampered);
    expect(r.ok ? undefined : r.divergence).toMatchObject({ step: line.n, what: "read" });
  });

  it("replays two runs appended to one tape, the second starting from the arb the first left in flight", async () => {
    const { lines } = await recordedRun("twice", "first", [], false);
    const first = lines.length;
    await recordedRun("twice", "second", lines);
    const state = JSON.parse(lines[first + 1] as string) as { t: string; state: { arbs: { arbId: string }[]; orders: unknown[]; claims: unknown[] } };
    expect(state.t).toBe("state");
    expect(state.state.arbs.map((a) => a.arbId)).toEqual(["first-1"]);
    expect(state.state.orders).toHaveLength(2);
    expect(state.state.claims).toHaveLength(2);
    const r = replayTape(lines);
    expect(r).toMatchObject({ ok: true, runs: 2, arbs: 2 });
  });

  it("writes the state it starts from and gives it back whole", async () => {
    const { lines, state } = await recordedRun("state");
    expect(JSON.parse(lines[0] as string)).toMatchObject({ t: "tape", runId: "tape", startMs: T0, pairs: [{ pair: 0, eventId: "EV" }] });
    expect(JSON.parse(lines[1] as string)).toMatchObject({ t: "state" });
    const encoded = encodeState(state);
    const back = decodeState(JSON.parse(JSON.stringify(encoded)));
    expect(canonicalJson(encodeState(back))).toBe(canonicalJson(encoded));
    // The book claims point at the decoded orders themselves, as live.
    for (const list of back.claims.values()) for (const o of list) expect(back.orders.get(o.clientOrderId)).toBe(o);
  });
});
