import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Writable } from "node:stream";
import { type Logger, pino } from "pino";
import { parseConfig } from "../src/config/load.js";
import type { Config, ConfigInput } from "../src/config/schema.js";

export const E2E_SCENARIO = new URL("./fixtures/e2e-scenario.json", import.meta.url).pathname;

export function testConfig(over: ConfigInput = {}): Config {
  const r = parseConfig({ scenario: E2E_SCENARIO, dashboard: { web: { port: 0 } }, ...over });
  if (!r.ok) throw new Error(r.problems.join("\n"));
  return r.config;
}

/** A logger whose JSON lines the test can read. */
export function captureLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const l of chunk.toString().split("\n")) if (l !== "") lines.push(JSON.parse(l) as Record<string, unknown>);
      cb();
    },
  });
  return { logger: pino({ level: "info" }, sink), lines };
}

export function fakeOut(): NodeJS.WriteStream & { text(): string } {
  const chunks: string[] = [];
  const s = new PassThrough();
  s.on("data", (c: Buffer) => chunks.push(c.toString()));
  return Object.assign(s, { text: () => chunks.join("") }) as unknown as NodeJS.WriteStream & { text(): string };
}

export const workDir = (): string => mkdtempSync(join(tmpdir(), "bot-e2e-"));

export async function waitFor(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
