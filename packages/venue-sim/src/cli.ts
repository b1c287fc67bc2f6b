#!/usr/bin/env node
import { parseArgs } from "node:util";
import pino from "pino";
import { EndpointSpec, KALSHI_DIALECTS, POLYMARKET_DIALECTS, ScenarioError, startSim } from "./index.js";

// Logs go to stderr so that stdout carries only the machine-readable base URLs.
const logger = pino({ name: "venue-sim" }, pino.destination(2));

const USAGE = `usage: venue-sim [--scenario <file>] [--seed <int>] [--host <addr>]
                 [--kalshi-flavor current|legacy] [--polymarket-flavor current|legacy|peer] [--event-log <file.jsonl>]
                 [--endpoint <label>[:<kalshi dialect>[:<polymarket dialect>]]]...
Starts the local Kalshi + Polymarket simulator on loopback ports and prints its base URLs as JSON on stdout
(logs go to stderr). Each --endpoint opens ports of their own over the same engine, served in the dialects named
(default current:current) and labelled in the event log (their URLs under "endpoints"; POST /endpoints on the admin
API opens more while it runs).
Default scenario: scenarios/default.json. SIGINT / SIGTERM close it.`;

/** A command-line mistake: reported with the usage, never as a stack trace. */
class UsageError extends Error {}

/** Reads the flags; a mistake becomes a UsageError so it is reported with the usage, not a stack trace. */
function readArgs(args: string[]) {
  try {
    return parseArgs({
      args,
      options: {
        scenario: { type: "string" },
        seed: { type: "string" },
        host: { type: "string" },
        "kalshi-flavor": { type: "string" },
        "polymarket-flavor": { type: "string" },
        "event-log": { type: "string" },
        endpoint: { type: "string", multiple: true },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

async function main(): Promise<void> {
  // `pnpm start -- --scenario x` hands the script a literal "--" first; parseArgs would read the rest as positionals.
  const argv = process.argv.slice(2);
  const { values } = readArgs(argv[0] === "--" ? argv.slice(1) : argv);
  if (values.help === true) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const flavor = values["kalshi-flavor"];
  if (flavor !== undefined && flavor !== "current" && flavor !== "legacy") throw new UsageError("--kalshi-flavor must be current or legacy");
  const polyFlavor = values["polymarket-flavor"];
  if (polyFlavor !== undefined && polyFlavor !== "current" && polyFlavor !== "legacy" && polyFlavor !== "peer")
    throw new UsageError("--polymarket-flavor must be current, legacy or peer");
  const endpoints = (values.endpoint ?? []).map((text) => {
    const [label, kalshi, polymarket] = text.split(":");
    const r = EndpointSpec.safeParse({ label, kalshi: kalshi || undefined, polymarket: polymarket || undefined });
    if (!r.success) {
      const field = String(r.error.issues[0]?.path[0] ?? "label");
      throw new UsageError(
        `--endpoint "${text}": ${field}: ${r.error.issues[0]?.message ?? "invalid"} (dialects: kalshi ${KALSHI_DIALECTS.join("|")}, polymarket ${POLYMARKET_DIALECTS.join("|")})`,
      );
    }
    return r.data;
  });
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isSafeInteger(seed)) throw new UsageError(`--seed must be an integer, got "${values.seed}"`);
  const sim = await startSim({
    ...(values.scenario === undefined ? {} : { scenario: values.scenario }),
    ...(seed === undefined ? {} : { seed }),
    ...(values.host === undefined ? {} : { host: values.host }),
    ...(flavor === undefined ? {} : { kalshiFlavor: flavor }),
    ...(polyFlavor === undefined ? {} : { polymarketFlavor: polyFlavor }),
    ...(values["event-log"] === undefined ? {} : { eventLog: values["event-log"] }),
    endpoints,
    logger,
  });
  const stop = (signal: string) => {
    logger.info({ signal }, "closing");
    sim.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, "close failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
  // Printed last: whoever waits for the URLs may signal right away, and the handlers must already be there.
  process.stdout.write(`${JSON.stringify(sim.urls, null, 2)}\n`);
}

main().catch((err: unknown) => {
  if (err instanceof UsageError) process.stderr.write(`${err.message}\n${USAGE}\n`);
  else if (err instanceof ScenarioError) process.stderr.write(`${err.message}\n`);
  else logger.error({ err }, "venue-sim failed to start");
  process.exit(2);
});
