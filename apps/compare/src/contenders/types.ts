import type { EndpointUrls, KalshiDialect, MarketsView, PolymarketDialect } from "@arb/venue-sim";
import type { Proc, StampedLine } from "../procs.js";
import type { Admin } from "../sim.js";

export type Mode = "detect" | "trade";

/** What a contender gets to start against the simulator: its own endpoint, its own scratch folder. */
export interface LaunchContext {
  readonly urls: EndpointUrls;
  readonly adminUrl: string;
  readonly admin: Admin;
  readonly markets: MarketsView;
  /** A scratch folder outside the repository for its files (configs, keys, ledgers). */
  readonly dir: string;
  readonly mode: Mode;
  /** The child is killed after this long whatever happens. */
  readonly maxMs: number;
  /** Every simulator account a contender trades from starts with this much (micros). */
  readonly balanceMicros: number;
}

/** A contender's own report that it found an arb on a Kalshi market, stamped when its line reached the harness. */
export interface Detection {
  readonly ns: bigint;
  readonly ticker: string;
  readonly edgeBps?: number;
}

/** One thing a contender needs, whether it is there, and the exact command that fixes it when it is not. */
export interface Check {
  readonly what: string;
  readonly ok: boolean;
  readonly detail: string;
  readonly fix?: string;
}

export interface DoctorContext {
  readonly pythonBot: string | undefined;
}

export interface Contender {
  /** The --bots name; also its endpoint label and its name in the event log. */
  readonly name: string;
  readonly dialects: { readonly kalshi: KalshiDialect; readonly polymarket: PolymarketDialect };
  /** Sends orders in trade mode (the others only detect, in every mode). */
  readonly trades: boolean;
  /** One line for the report: what this contender is and how it is run. */
  readonly about: string;
  doctor(ctx: DoctorContext): Check[];
  /** Builds or checks what it needs before any run (once per harness invocation). */
  prepare?(ctx: DoctorContext): Promise<void>;
  launch(ctx: LaunchContext): Promise<Proc>;
  /** A stateful reader of its stdout: each line → the detection it reports, if any. */
  detector(markets: MarketsView): (line: StampedLine) => Detection | undefined;
  /** Its own "ready" line, when it has one (waited for before the first window). */
  readonly readyLine?: RegExp;
}
