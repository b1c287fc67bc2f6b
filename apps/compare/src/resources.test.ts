import { describe, expect, it } from "vitest";
import { cpuPercent, parseStat, parseStatusKb, sampleProc } from "./resources.js";

describe("/proc readings", () => {
  it("reads utime + stime after the parenthesised name, whatever the name holds", () => {
    const stat = "4242 (node (worker) x) S 1 4242 4242 0 -1 4194304 100 0 0 0 731 129 0 0 20 0 11 0 1 2 3";
    expect(parseStat(stat)).toBe(860);
    expect(parseStat("garbage")).toBeUndefined();
  });

  it("reads VmRSS and VmHWM in kB", () => {
    const status = "Name:\tnode\nVmHWM:\t  150000 kB\nVmRSS:\t   98304 kB\nThreads:\t11\n";
    expect(parseStatusKb(status, "VmRSS")).toBe(98_304);
    expect(parseStatusKb(status, "VmHWM")).toBe(150_000);
  });

  it("samples a live process and computes CPU as a share of one core", () => {
    const a = sampleProc(process.pid);
    expect(a?.rssKb).toBeGreaterThan(1000);
    const end = Date.now() + 150;
    while (Date.now() < end); // burn CPU so the second sample differs
    const b = sampleProc(process.pid);
    if (a === undefined || b === undefined) throw new Error("no sample");
    expect(cpuPercent(a, b)).toBeGreaterThan(20);
    expect(cpuPercent(a, b)).toBeLessThan(250);
    expect(sampleProc(2 ** 22 + 12_345)).toBeUndefined();
  });
});
