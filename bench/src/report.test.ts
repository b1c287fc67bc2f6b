import { describe, expect, it } from "vitest";
import { type Meta, type Row, renderMarkdown } from "./report.js";

const meta: Meta = { date: "2026-11-25", cpu: "test CPU", cores: 2, node: "v20", v8: "11", quick: true, rust: "rust", seconds: 1 };
const row = (scenario: string, pairs: number, contender: string, nsPerOp: number): Row => ({
  scenario,
  pairs,
  contender,
  nsPerOp,
  rmePercent: 1,
  samples: 10,
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

  it("sets Wasm SIMD128 against every native Rust kernel, names their flags, and lists the kernels that did not run", () => {
    const md = renderMarkdown({ ...meta, rustSkipped: ["rust-avx2 skipped: CPU lacks AVX2"] }, [
      row("scan", 10_000, "wasm-simd", 2_000),
      row("scan", 10_000, "rust-ref", 8_000),
      row("scan", 10_000, "rust-sse4.1", 1_000),
    ]);
    expect(md).toContain("| 10,000 | 2000.0 | 8000.0 (4.00×) | 1000.0 (0.50×) | – |");
    expect(md).toContain('| rust SSE4.1 intrinsics (`target_feature(enable = "sse4.1")`) | 1000.0 | 0.100 | 1.0 M | – | 8.00× |');
    expect(md).toContain("- rust-avx2 skipped: CPU lacks AVX2");
  });

  it("sums the Polymarket order path's stages before and after, beside the staged order measured whole", () => {
    const us = (contender: string, micros: number) => row("order", 1, contender, micros * 1000);
    const md = renderMarkdown(meta, [
      us("order-build", 1),
      us("order-digest-viem", 250),
      us("order-digest", 5),
      us("order-sign-viem", 700),
      us("sign-libsecp256k1", 50),
      us("order-body", 2),
      us("order-stage", 60),
      us("sign-noble", 300),
    ]);
    expect(md).toContain("| digest: the EIP-712 hash, the order id | 250.0 | 5.0 | 50.0× |");
    expect(md).toContain("| **total** (sum of the stages) | 953.0 | 58.0 | 16.4× |");
    expect(md).toContain("| `stageOrder` measured whole (+ the body's JSON) | – | 60.0 | 15.9× |");
    expect(md).toContain("| node:crypto / OpenSSL ECDSA (random nonce, DER, no recovery id: not usable) | – |");
  });

  it("says 'not measured' rather than guessing when a contender is absent", () => {
    const md = renderMarkdown(meta, [row("scan", 10_000, "wasm-simd", 2_000)]);
    expect(md).toContain("| 10 000-pair scan faster than the native Rust scalar reference | – | not measured |");
  });
});
