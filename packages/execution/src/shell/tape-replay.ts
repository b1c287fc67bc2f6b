import type { VenueId } from "@arb/domain";
import { ExecutionConfig, PairSpec } from "../config.js";
import { createExecState, step } from "../core/dispatch.js";
import { type Command, type ExecState, type StepContext, freshnessOf, stepContext } from "../core/state.js";
import { TAPE_VERSION, type TapeLine, type TapeRead, decodeState, describeCommand, digestOf } from "./tape.js";

/** Where a replay first decided otherwise than the recording, or could not go on. */
export interface TapeDivergence {
  /** Line of the tape, from 1. */
  readonly line: number;
  /** The step's number in its run (0 for a line that is not a step). */
  readonly step: number;
  readonly inputKind: string;
  /** commands: other commands; read: the step read something else than recorded; threw: one threw, the other not;
   *  format: a line the replay cannot use. */
  readonly what: "commands" | "read" | "threw" | "format";
  readonly expected: readonly string[];
  readonly got: readonly string[];
}

export type TapeReplayResult =
  | { readonly ok: true; readonly runs: number; readonly steps: number; readonly arbs: number }
  | { readonly ok: false; readonly runs: number; readonly steps: number; readonly arbs: number; readonly divergence: TapeDivergence };

/** Thrown by the replay's readers when the step asks for something else than the recording's next read. */
class ReadMismatch extends Error {
  constructor(
    readonly expected: string,
    readonly got: string,
  ) {
    super(`read ${got}, recorded ${expected}`);
  }
}

type AsksRead = Extract<TapeRead, readonly ["asks", ...unknown[]]>;
type FreshnessRead = Extract<TapeRead, readonly ["freshness", ...unknown[]]>;
type IsFreeRead = Extract<TapeRead, readonly ["isFree", ...unknown[]]>;

/** What a read asked: its kind and arguments (asks: venue, market, outcome; freshness: venue, market; isFree: pair, nowMs). */
const keyOf = (r: TapeRead): readonly unknown[] => (r as readonly unknown[]).slice(0, r[0] === "asks" ? 4 : 3);

/** A recorded read, its question and its answer. */
const showRead = (r: TapeRead | undefined): string =>
  r === undefined ? "nothing more" : `${keyOf(r).join(" ")} → ${JSON.stringify((r as readonly unknown[]).slice(keyOf(r).length)).slice(1, -1)}`;

const arbsStarted = (commands: readonly Command[]): number =>
  commands.reduce((n, c) => n + (c.kind === "event.emit" && c.event.kind === "arb.started" ? 1 : 0), 0);

/**
 * Runs every recorded step again through the pure `step`, each on the state the tape gives and a context that answers
 * every read from the tape (and checks it is the read recorded, in the same order), and compares each step's
 * commands with the recorded digest. Stops at the first divergence. No I/O: the lines are the caller's.
 */
export function replayTape(lines: Iterable<string>): TapeReplayResult {
  let runs = 0;
  let steps = 0;
  let arbs = 0;
  let state: ExecState | undefined;
  let ctx: StepContext | undefined;
  let reads: readonly TapeRead[] = [];
  let at = 0;

  const next = (asked: TapeRead): TapeRead => {
    const r = reads[at];
    const key = keyOf(asked);
    if (r === undefined || r[0] !== asked[0] || keyOf(r).some((x, i) => x !== key[i])) throw new ReadMismatch(showRead(r), key.join(" "));
    at++;
    return r;
  };
  const readers = {
    asks: (venue: VenueId, market: string, outcome: "yes" | "no") => (next(["asks", venue, market, outcome, []]) as AsksRead)[4],
    freshness: (venue: VenueId, market: string) => {
      const r = next(["freshness", venue, market, 0, false]) as FreshnessRead;
      return freshnessOf(r[3], r[4]);
    },
    isFree: (pair: number, nowMs: number) => (next(["isFree", pair, nowMs, false]) as IsFreeRead)[3],
  };

  let lineNo = 0;
  const diverged = (d: Omit<TapeDivergence, "line">): TapeReplayResult => ({ ok: false, runs, steps, arbs, divergence: { line: lineNo, ...d } });
  const format = (why: string): TapeReplayResult => diverged({ step: 0, inputKind: "", what: "format", expected: [], got: [why] });

  for (const text of lines) {
    lineNo++;
    if (text.trim() === "") continue;
    let line: TapeLine;
    try {
      line = JSON.parse(text) as TapeLine;
    } catch {
      return format("not JSON");
    }
    if (typeof line !== "object" || line === null) return format("not a tape line");
    if (line.t === "tape") {
      if (line.v !== TAPE_VERSION) return format(`tape version ${String(line.v)}; this replay reads ${TAPE_VERSION}`);
      const config = ExecutionConfig.safeParse(line.config);
      if (!config.success) return format(`config: ${config.error.issues[0]?.message ?? "invalid"}`);
      const pairs = new Map(line.pairs.map((p) => PairSpec.parse(p)).map((p) => [p.pair, p]));
      ctx = stepContext(config.data, pairs, readers.asks, readers.freshness, readers.isFree);
      state = createExecState(line.runId, line.startMs);
      runs++;
      continue;
    }
    if (state === undefined || ctx === undefined) return format("a line before the tape's first `tape` line");
    if (line.t === "state") {
      try {
        state = decodeState(line.state);
      } catch (err) {
        return format(`state: ${String(err)}`);
      }
      continue;
    }
    if (line.t !== "step") return format(`unknown line type ${String((line as { t?: unknown }).t)}`);
    if (!Array.isArray(line.reads) || typeof line.input?.kind !== "string" || typeof line.nowMs !== "number")
      return format("a step line without its input, clock or reads");
    reads = line.reads;
    at = 0;
    const base = { step: line.n, inputKind: line.input.kind };
    let commands: Command[];
    try {
      commands = step(state, line.input, ctx, line.nowMs);
    } catch (err) {
      if (err instanceof ReadMismatch) return diverged({ ...base, what: "read", expected: [err.expected], got: [err.got] });
      if (line.threw !== undefined) {
        steps++;
        continue;
      }
      return diverged({ ...base, what: "threw", expected: line.cmds ?? [], got: [`threw ${String(err)}`] });
    }
    if (line.threw !== undefined) return diverged({ ...base, what: "threw", expected: [`threw ${line.threw}`], got: commands.map(describeCommand) });
    if (at !== reads.length) return diverged({ ...base, what: "read", expected: [showRead(reads[at])], got: ["nothing more"] });
    if (digestOf(commands) !== line.digest) return diverged({ ...base, what: "commands", expected: line.cmds ?? [], got: commands.map(describeCommand) });
    steps++;
    arbs += arbsStarted(commands);
  }
  return { ok: true, runs, steps, arbs };
}
