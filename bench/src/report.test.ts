import { describe, expect, it } from "vitest";
import { type Meta, type Row, renderMarkdown } from "./report.js";

const meta: Meta = { date: "2026-11-25", cpu: "test CPU", cores: 2, node: "v20", v8: "11", quick: true, rust: "rust", seconds: 1 };
const row = (scenario: string, pairs: number, contender: string, nsPerOp: number): Row => ({
  scenario, pairs, contender, nsPerOp, rmePercent: 1, samples: 10,
});

describe("renderMarkdown", () => {
  it("checks every target against the measured rows, reporting misses as missed", () => {
    const md = renderMarkdown(meta, [
      row("incremental", 10_000, "wasm-simd", 30),
      row("scan", 10_000, "wasm-simd", 2_000),
      row("scan", 10_000, "ts-twin", 10_000),
      row("scan", 10_000, "rust-ref", 8_000),
      row("scan", 100_000, "wasm-simd", 20_000),
    ]);
    expect(md).toContain("| incremental update (write + check + result) ≤ 25 ns | 30.00 ns | **missed** |");
    expect(md).toContain("| full scan of 10 000 pairs ≤ 5 µs | 2000.0 ns | met |");
    expect(md).toContain("| 10 000-pair scan ≥ 6× faster than the TS scalar twin | 5.0× | **missed** |");
    expect(md).toContain("| 10 000-pair scan faster than the native Rust scalar reference | 4.00× | met |");
    expect(md).toContain("| 100 000 pairs scale linearly (ns/pair within 1.5× of 10 000) | 1.00× the 10 000-pair ns/pair | met |");
    expect(md).toContain("| wasm-simd | 2000.0 | 0.200 | 500.0 k | 5.00× | 4.00× |");
  });

  it("says 'not measured' rather than guessing when a contender is absent", () => {
    const md = renderMarkdown(meta, [row("scan", 10_000, "wasm-simd", 2_000)]);
    expect(md).toContain("| 10 000-pair scan faster than the native Rust scalar reference | – | not measured |");
  });
});
