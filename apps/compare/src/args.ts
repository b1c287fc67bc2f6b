import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { CONTENDERS } from "./contenders/index.js";

export const USAGE = `usage: pnpm compare -- [--quick] [--scenario <file>] [--bots ours,ours-ts,python,terauss-model]
                      [--python-bot <checkout>] [--mode detect|trade|both] [--repeat N] [--seed N] [--out <dir>] [--keep] [--note <text>]...
       pnpm compare -- doctor [--python-bot <checkout>]
Races the contenders on one simulator (its own process; each contender a child process on its own endpoint in the
dialect it parses), plays a seeded schedule of arb windows, and writes a console table, <out>/latest.md,
<out>/latest.html (plots, raw JSON) and <out>/latest.json (default out: apps/compare/results, --quick:
apps/compare/results/quick). --scenario: the simulator world to race in (default packages/venue-sim/scenarios/
race-30.json; its timeline is not played, the harness plays its seeded schedule).
--quick: ours + fixture-peer, 10 windows, detect and trade, no solo runs (≤ 2 minutes).
Contenders: ${Object.keys(CONTENDERS).join(", ")}.`;

/** Thrown for bad input: the CLI prints it with the usage and exits 2. */
export class UsageError extends Error {}

const Options = z
  .object({
    command: z.enum(["run", "doctor"]),
    quick: z.boolean(),
    scenario: z
      .string()
      .min(1)
      .optional()
      .refine((p) => p === undefined || existsSync(p), { message: "no such file" }),
    bots: z.array(z.enum(Object.keys(CONTENDERS) as [string, ...string[]])).min(1),
    pythonBot: z
      .string()
      .min(1)
      .optional()
      .refine((p) => p === undefined || existsSync(p), { message: "no such folder" }),
    mode: z.enum(["detect", "trade", "both"]),
    repeat: z.number().int().min(1).max(20),
    seed: z.number().int().nonnegative(),
    out: z.string().min(1).optional(),
    keep: z.boolean(),
    /** Lines for the report's notes (what was measured where, e.g. which commit of our bot). */
    notes: z.array(z.string().min(1)),
  })
  .refine((o) => o.command === "doctor" || !o.bots.includes("python") || o.pythonBot !== undefined, {
    message: "the python contender needs --python-bot <checkout>",
    path: ["pythonBot"],
  });
export type Options = z.infer<typeof Options>;

/** CLI flag of each option, for messages that name the field the user typed. */
const FLAG: Readonly<Record<string, string>> = {
  pythonBot: "--python-bot",
  bots: "--bots",
  mode: "--mode",
  repeat: "--repeat",
  seed: "--seed",
  scenario: "--scenario",
  out: "--out",
};

export function parseOptions(argv: readonly string[]): Options {
  const args = argv[0] === "--" ? argv.slice(1) : [...argv];
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        quick: { type: "boolean", default: false },
        scenario: { type: "string" },
        bots: { type: "string" },
        "python-bot": { type: "string" },
        mode: { type: "string", default: "both" },
        repeat: { type: "string", default: "1" },
        seed: { type: "string", default: "20261206" },
        out: { type: "string" },
        keep: { type: "boolean", default: false },
        note: { type: "string", multiple: true },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const v = parsed.values as Record<string, string | boolean | undefined>;
  if (v["help"] === true) throw new UsageError("");
  const [command = "run", ...rest] = parsed.positionals;
  if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
  const quick = v["quick"] === true;
  const int = (name: string): number => {
    const text = String(v[name]);
    return /^\d+$/.test(text) ? Number(text) : Number.NaN;
  };
  const r = Options.safeParse({
    command: command === "doctor" ? "doctor" : command === "run" ? "run" : command,
    quick,
    scenario: v["scenario"],
    bots: (typeof v["bots"] === "string" ? v["bots"] : quick ? "ours,fixture-peer" : "ours,ours-ts,python,terauss-model,terauss-model-fixed")
      .split(",")
      .filter((b) => b !== ""),
    pythonBot: v["python-bot"] ?? process.env["COMPARE_PYTHON_BOT"],
    mode: v["mode"],
    repeat: int("repeat"),
    seed: int("seed"),
    out: v["out"],
    keep: v["keep"] === true,
    notes: (parsed.values as { note?: string[] }).note ?? [],
  });
  if (!r.success) {
    const i = r.error.issues[0];
    const key = String(i?.path[0] ?? "command");
    throw new UsageError(`${FLAG[key] ?? key}: ${i?.message ?? "invalid"}`);
  }
  return r.data;
}
