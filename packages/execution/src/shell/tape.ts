import { createHash } from "node:crypto";
import type { VenueId } from "@arb/domain";
import type { ExecutionConfig, PairSpec } from "../config.js";
import { step } from "../core/dispatch.js";
import { type ArbRec, type BookReader, type Command, type EngineInput, type ExecState, type InFlight, type OrderRec, stepContext } from "../core/state.js";

/**
 * The decision tape: one JSON line per call of the pure `step`, enough to run the same decisions again with no venue,
 * no ledger and no clock (`bot replay --tape`). Opt-in: an engine without a tape runs its step on the live context
 * as before, with no wrapper, no copy and no allocation.
 *
 * Lines, in the order the engine wrote them (a file may hold several runs, each from its `tape` line):
 * - `tape`: what every step starts from: the run id, the clock at creation, the execution config (limits only: no key,
 *   no credential, no URL) and the pair specs.
 * - `state`: the whole engine state, written whenever the shell changes it outside a step (the ledger loaded at start,
 *   an earlier arb adopted again). A replay takes it as is: a tape can start on a ledger that already traded.
 * - `step`: the input, `nowMs`, everything the step read through its context in the order it read it (asks ladders,
 *   book freshness, in-flight answers) and a digest of the commands it returned, with a short description of each.
 */

export const TAPE_VERSION = 1;

/** One read the step made through its context, with its answer. */
export type TapeRead =
  | readonly ["asks", VenueId, string, "yes" | "no", readonly number[]]
  | readonly ["freshness", VenueId, string, number, boolean]
  | readonly ["isFree", number, number, boolean];

export interface TapeHeader {
  readonly t: "tape";
  readonly v: number;
  readonly runId: string;
  readonly startMs: number;
  readonly config: ExecutionConfig;
  readonly pairs: readonly PairSpec[];
}

export interface TapeStateLine {
  readonly t: "state";
  readonly state: EncodedState;
}

export interface TapeStep {
  readonly t: "step";
  /** The step's number in its run (from 1). */
  readonly n: number;
  readonly nowMs: number;
  readonly input: EngineInput;
  readonly reads: readonly TapeRead[];
  /** `digestOf` the commands returned; absent when the step threw. */
  readonly digest?: string;
  readonly cmds?: readonly string[];
  readonly threw?: string;
}

export type TapeLine = TapeHeader | TapeStateLine | TapeStep;

/** JSON with every object's keys in order and undefined members left out: the same commands give the same text
 *  whichever order their fields were set in (a state read back from a tape is built in another order than live). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
    if (v instanceof Map) return [...v];
    if (v instanceof Set) return [...v];
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}

/** 16 hex digits of the SHA-256 of the commands' canonical JSON. */
export function digestOf(commands: readonly Command[]): string {
  return createHash("sha256").update(canonicalJson(commands)).digest("hex").slice(0, 16);
}

/** One command in a few words, for a person reading a divergence (the digest is what is compared). */
export function describeCommand(c: Command): string {
  switch (c.kind) {
    case "ledger.write":
      return `ledger.write ${c.write.kind}`;
    case "order.place":
      return `order.place ${c.venue} ${c.intent.action} ${c.intent.outcome} ${c.intent.sizeHundredths}@${c.intent.priceUnits} ${c.intent.clientOrderId}`;
    case "order.cancel":
      return `order.cancel ${c.venue} ${c.clientOrderId}`;
    case "order.lookup":
      return `order.lookup ${c.venue} ${c.clientOrderId}`;
    case "fills.fetch":
      return `fills.fetch ${c.venue} ${c.clientOrderId}`;
    case "timer.set":
      return `timer.set ${c.arbId} @${c.atMs}`;
    case "pair.claim":
      return `pair.claim ${c.pair}${c.entry ? " entry" : ""}`;
    case "pair.release":
      return `pair.release ${c.pair} cooldown ${c.cooldownMs}`;
    case "opportunity.recheck":
      return `opportunity.recheck ${c.pair} @${c.atMs}`;
    case "alert.raise":
      return `alert.raise ${c.alert.kind}`;
    case "event.emit": {
      const e = c.event as { kind: string; reason?: unknown };
      return `event.emit ${e.kind}${typeof e.reason === "string" ? ` ${e.reason}` : ""}`;
    }
  }
}

type Entries<M> = M extends Map<infer K, infer V> ? (readonly [K, V])[] : never;

/** The engine state as JSON: maps and sets as entry lists, book claims by client order id (they share the orders). */
export interface EncodedState {
  readonly runId: string;
  readonly seq: number;
  readonly orders: readonly OrderRec[];
  readonly byVenueOrderId: Entries<ExecState["byVenueOrderId"]>;
  readonly arbs: readonly ArbRec[];
  readonly seenFills: readonly string[];
  readonly reversedFills: readonly string[];
  readonly orderFills: Entries<ExecState["orderFills"]>;
  readonly orderReversed: Entries<ExecState["orderReversed"]>;
  readonly earlyFills: Entries<ExecState["earlyFills"]>;
  readonly holdings: Entries<ExecState["holdings"]>;
  readonly exposed: readonly string[];
  readonly gameRealized: Entries<ExecState["gameRealized"]>;
  readonly entriesStopped: boolean;
  readonly exposure: { readonly byMarket: Entries<Map<string, number>>; readonly byEvent: Entries<Map<string, number>>; readonly total: number };
  readonly breaker: ExecState["breaker"];
  readonly firstSeenMs: Entries<ExecState["firstSeenMs"]>;
  readonly claims: readonly (readonly [string, readonly string[]])[];
  readonly eventFeeRules: Entries<ExecState["eventFeeRules"]>;
}

export function encodeState(s: ExecState): EncodedState {
  return {
    runId: s.runId,
    seq: s.seq,
    orders: [...s.orders.values()],
    byVenueOrderId: [...s.byVenueOrderId],
    arbs: [...s.arbs.values()],
    seenFills: [...s.seenFills],
    reversedFills: [...s.reversedFills],
    orderFills: [...s.orderFills],
    orderReversed: [...s.orderReversed],
    earlyFills: [...s.earlyFills],
    holdings: [...s.holdings],
    exposed: [...s.exposed],
    gameRealized: [...s.gameRealized],
    entriesStopped: s.entriesStopped,
    exposure: { byMarket: [...s.exposure.byMarket], byEvent: [...s.exposure.byEvent], total: s.exposure.total },
    breaker: s.breaker,
    firstSeenMs: [...s.firstSeenMs],
    claims: [...s.claims].map(([book, list]) => [book, list.map((o) => o.clientOrderId)] as const),
    eventFeeRules: [...s.eventFeeRules],
  };
}

/** The state a `state` line holds (copied: nothing is shared with `encoded`), its book claims pointing at its own
 *  order records again. */
export function decodeState(encoded: EncodedState): ExecState {
  const e = structuredClone(encoded);
  const orders = new Map<string, OrderRec>(e.orders.map((o) => [o.clientOrderId, o]));
  const claims = new Map<string, OrderRec[]>();
  for (const [book, ids] of e.claims) {
    const list = ids.flatMap((id) => orders.get(id) ?? []);
    if (list.length !== ids.length) throw new Error(`tape state: a claim on ${book} names an order the state does not hold`);
    claims.set(book, list);
  }
  return {
    runId: e.runId,
    seq: e.seq,
    orders,
    byVenueOrderId: new Map(e.byVenueOrderId),
    arbs: new Map<string, ArbRec>(e.arbs.map((a) => [a.arbId, a])),
    seenFills: new Set(e.seenFills),
    reversedFills: new Set(e.reversedFills),
    orderFills: new Map(e.orderFills),
    orderReversed: new Map(e.orderReversed),
    earlyFills: new Map(e.earlyFills),
    holdings: new Map(e.holdings),
    exposed: new Set(e.exposed),
    gameRealized: new Map(e.gameRealized),
    entriesStopped: e.entriesStopped,
    exposure: { byMarket: new Map(e.exposure.byMarket), byEvent: new Map(e.exposure.byEvent), total: e.exposure.total },
    breaker: e.breaker,
    firstSeenMs: new Map(e.firstSeenMs),
    claims,
    eventFeeRules: new Map(e.eventFeeRules),
  };
}

/** What the engine gives a tape: its state, the config and pairs its context is built from, and the live readers. */
export interface TapeRecorderOptions {
  readonly state: ExecState;
  readonly config: ExecutionConfig;
  readonly pairs: ReadonlyMap<number, PairSpec>;
  readonly startMs: number;
  readonly asks: BookReader["asks"];
  readonly freshness: BookReader["freshness"];
  readonly isFree: InFlight["isFree"];
  /** Takes one line (no newline); the caller owns the file. */
  readonly write: (line: string) => void;
}

export interface TapeRecorder {
  /** `step` on the engine's state with readers that note each answer; writes the step's line, then returns (or throws). */
  step(input: EngineInput, nowMs: number): Command[];
  /** The state as it is now, after the shell changed it outside a step. */
  syncState(): void;
}

/** The taping context: the live readers, each answer copied into the step's read list (only while taping). */
export function createTapeRecorder(o: TapeRecorderOptions): TapeRecorder {
  const { state, write } = o;
  let reads: TapeRead[] = [];
  let n = 0;
  const ctx = stepContext(
    o.config,
    o.pairs,
    (venue, market, outcome) => {
      const a = o.asks(venue, market, outcome);
      reads.push(["asks", venue, market, outcome, Array.from(a)]);
      return a;
    },
    (venue, market) => {
      const f = o.freshness(venue, market);
      reads.push(["freshness", venue, market, f.tsMs, f.stale]);
      return f;
    },
    (pair, nowMs) => {
      const free = o.isFree(pair, nowMs);
      reads.push(["isFree", pair, nowMs, free]);
      return free;
    },
  );
  const header: TapeHeader = { t: "tape", v: TAPE_VERSION, runId: state.runId, startMs: o.startMs, config: o.config, pairs: [...o.pairs.values()] };
  write(JSON.stringify(header));
  return {
    step(input, nowMs) {
      reads = [];
      n++;
      let commands: Command[];
      try {
        commands = step(state, input, ctx, nowMs);
      } catch (err) {
        write(JSON.stringify({ t: "step", n, nowMs, input, reads, threw: String(err) } satisfies TapeStep));
        throw err;
      }
      write(JSON.stringify({ t: "step", n, nowMs, input, reads, digest: digestOf(commands), cmds: commands.map(describeCommand) } satisfies TapeStep));
      return commands;
    },
    syncState() {
      write(JSON.stringify({ t: "state", state: encodeState(state) } satisfies TapeStateLine));
    },
  };
}
