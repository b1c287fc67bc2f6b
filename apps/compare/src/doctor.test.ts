import { describe, expect, it } from "vitest";
import { doctor, renderDoctor } from "./doctor.js";

describe("doctor", () => {
  it("says what is missing with the exact command that fixes it, and fails only then", () => {
    const r = renderDoctor([
      ["python", [{ what: "python: module aiohttp", ok: false, detail: "python3-aiohttp", fix: "apt-get install -y python3-aiohttp" }]],
      ["ours", [{ what: "ours: the bot's build", ok: true, detail: "apps/bot/dist/cli.js" }]],
    ]);
    expect(r.ok).toBe(false);
    expect(r.text).toBe(
      "python:\n  MISSING python: module aiohttp (python3-aiohttp)\n          fix: apt-get install -y python3-aiohttp\nours:\n  ok      ours: the bot's build (apps/bot/dist/cli.js)\n",
    );
  });

  it("knows the fixture peer needs nothing and the python contender a checkout", () => {
    expect(doctor(["fixture-peer"], undefined).ok).toBe(true);
    const p = doctor(["python"], undefined);
    expect(p.ok).toBe(false);
    expect(p.text).toContain("fix: --python-bot <path to a checkout of steffenmax/arb-bot");
  });
});
