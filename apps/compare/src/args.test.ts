import { describe, expect, it } from "vitest";
import { UsageError, parseOptions } from "./args.js";

const bad = (argv: string[]): string => {
  try {
    parseOptions(argv);
  } catch (e) {
    if (e instanceof UsageError) return e.message;
    throw e;
  }
  throw new Error("accepted");
};

describe("command line", () => {
  it("defaults: a full run of every real contender; --quick races ours against the fixture peer", () => {
    const env = process.env["COMPARE_PYTHON_BOT"];
    delete process.env["COMPARE_PYTHON_BOT"];
    try {
      expect(parseOptions(["--", "--quick"])).toMatchObject({ command: "run", quick: true, bots: ["ours", "fixture-peer"], mode: "both", repeat: 1 });
      expect(parseOptions(["doctor"]).command).toBe("doctor");
      expect(parseOptions(["--bots", "ours,terauss-model", "--mode", "detect", "--repeat", "3"])).toMatchObject({
        bots: ["ours", "terauss-model"],
        mode: "detect",
        repeat: 3,
      });
    } finally {
      if (env !== undefined) process.env["COMPARE_PYTHON_BOT"] = env;
    }
  });

  it("names the field of bad input", () => {
    expect(bad(["--bots", "ours,rustbot"])).toMatch(/^--bots: /);
    expect(bad(["--mode", "fast"])).toMatch(/^--mode: /);
    expect(bad(["--repeat", "0"])).toMatch(/^--repeat: /);
    expect(bad(["--repeat", "two"])).toMatch(/^--repeat: /);
    expect(bad(["--scenario", "no-such-file.json"])).toMatch(/^--scenario: no such file/);
    expect(bad(["--bots", "python", "--python-bot", "no/such/folder"])).toMatch(/^--python-bot: no such folder/);
    expect(bad(["--frobnicate"])).toMatch(/frobnicate/);
    expect(bad(["race", "now"])).toMatch(/unexpected argument/);
  });

  it("refuses the python contender without a checkout", () => {
    const env = process.env["COMPARE_PYTHON_BOT"];
    delete process.env["COMPARE_PYTHON_BOT"];
    try {
      expect(bad(["--bots", "ours,python"])).toMatch(/^--python-bot: the python contender needs/);
    } finally {
      if (env !== undefined) process.env["COMPARE_PYTHON_BOT"] = env;
    }
  });
});
