#!/usr/bin/env node
import { parseArgs } from "node:util";
import pino from "pino";
import { ScenarioError, startSim } from "./index.js";

const logger = pino({ name: "venue-sim" });

async function main(): Promise<void> {
  // `pnpm start -- --scenario x` hands the script a literal "--" first; parseArgs would read the rest as positionals.
  const argv = process.argv.slice(2);
  const { values } = parseArgs({
    args: argv[0] === "--" ? argv.slice(1) : argv,
    options: {
      scenario: { type: "string" },
      seed: { type: "string" },
      host: { type: "string" },
      "kalshi-flavor": { type: "string" },
      "polymarket-flavor": { type: "string" },
      "event-log": { type: "string" },
    },
  });
  const flavor = values["kalshi-flavor"];
  if (flavor !== undefined && flavor !== "current" && flavor !== "legacy") throw new TypeError("--kalshi-flavor must be current or legacy");
  const polyFlavor = values["polymarket-flavor"];
  if (polyFlavor !== undefined && polyFlavor !== "current" && polyFlavor !== "legacy") throw new TypeError("--polymarket-flavor must be current or legacy");
  const sim = await startSim({
    ...(values.scenario === undefined ? {} : { scenario: values.scenario }),
    ...(values.seed === undefined ? {} : { seed: Number(values.seed) }),
    ...(values.host === undefined ? {} : { host: values.host }),
    ...(flavor === undefined ? {} : { kalshiFlavor: flavor }),
    ...(polyFlavor === undefined ? {} : { polymarketFlavor: polyFlavor }),
    ...(values["event-log"] === undefined ? {} : { eventLog: values["event-log"] }),
    logger,
  });
  process.stdout.write(`${JSON.stringify(sim.urls, null, 2)}\n`);
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
}

main().catch((err: unknown) => {
  if (err instanceof ScenarioError) process.stderr.write(`${err.message}\n`);
  else logger.error({ err }, "venue-sim failed to start");
  process.exit(2);
});
