import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

describe("the functional core", () => {
  it("imports no shell, ledger, venue adapter, paper venue or Node module: no I/O, no clock", () => {
    const dir = dirname(fileURLToPath(import.meta.url));
    const offending = readdirSync(dir)
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
      .flatMap((f) => {
        const src = readFileSync(join(dir, f), "utf8");
        const imports = [...src.matchAll(/from "([^"]+)"/g)].map((m) => m[1] as string);
        const bad = imports.filter((i) => /^\.\.\/(shell|ledger|venue|paper|alerts|bench)\b|^node:|^better-sqlite3$|^pino$/.test(i));
        const clock = /\bDate\.now\(|\bMath\.random\(|\bnew Date\(|\bperformance\.now\(/.test(src) ? ["clock or randomness"] : [];
        return [...bad, ...clock].map((b) => `${f}: ${b}`);
      });
    expect(offending).toEqual([]);
  });
});
