// Renders the benchmark rows as the committed markdown report, with the issue's targets checked.
export interface Row {
  readonly scenario: string;
  readonly pairs: number;
  readonly contender: string;
  readonly nsPerOp: number;
  readonly rmePercent: number;
  readonly samples: number;
}

import type { ExecutionFigures } from "./execution.js";

export interface Meta {
  readonly date: string;
  readonly cpu: string;
  readonly cores: number;
  readonly node: string;
  readonly v8: string;
  readonly quick: boolean;
  readonly rust: string;
  /** One line per Rust kernel that did not run ("rust-avx2 skipped: CPU lacks AVX2"). */
  readonly rustSkipped?: readonly string[];
  readonly seconds: number;
}

/** What each native contender is, flags included (the rows keep short names; the targets look them up). */
const LABELS: Readonly<Record<string, string>> = {
  "rust-ref": "rust scalar (`-C opt-level=3`, x86-64 baseline)",
  "rust-sse4.1": 'rust SSE4.1 intrinsics (`target_feature(enable = "sse4.1")`)',
  "rust-avx2": 'rust AVX2 intrinsics (`target_feature(enable = "avx2")`)',
};
const label = (contender: string) => LABELS[contender] ?? contender;

const fmtNs = (ns: number) => (ns >= 10_000 ? ns.toFixed(0) : ns >= 100 ? ns.toFixed(1) : ns.toFixed(2));
const fmtOps = (ns: number) => {
  const ops = 1e9 / ns;
  return ops >= 1e6 ? `${(ops / 1e6).toFixed(1)} M` : ops >= 1e3 ? `${(ops / 1e3).toFixed(1)} k` : ops.toFixed(0);
};
const ratio = (base: Row | undefined, r: Row) => (base === undefined ? "–" : `${(base.nsPerOp / r.nsPerOp).toFixed(2)}×`);

function find(rows: readonly Row[], scenario: string, pairs: number, contender: string): Row | undefined {
  return rows.find((r) => r.scenario === scenario && r.pairs === pairs && r.contender === contender);
}

function table(rows: readonly Row[], scenario: string, pairs: number, perPair: boolean): string[] {
  const group = rows.filter((r) => r.scenario === scenario && r.pairs === pairs);
  const ts = find(rows, scenario, pairs, "ts-twin");
  const rust = find(rows, scenario, pairs, "rust-ref");
  const head = perPair
    ? ["| contender | ns/op | ns/pair | ops/s | speed-up vs TS twin | vs Rust |", "|---|---:|---:|---:|---:|---:|"]
    : ["| contender | ns/op | ops/s | speed-up vs TS twin | vs Rust |", "|---|---:|---:|---:|---:|"];
  return [
    ...head,
    ...group.map((r) =>
      perPair
        ? `| ${label(r.contender)} | ${fmtNs(r.nsPerOp)} | ${(r.nsPerOp / pairs).toFixed(3)} | ${fmtOps(r.nsPerOp)} | ${ratio(ts, r)} | ${ratio(rust, r)} |`
        : `| ${label(r.contender)} | ${fmtNs(r.nsPerOp)} | ${fmtOps(r.nsPerOp)} | ${ratio(ts, r)} | ${ratio(rust, r)} |`,
    ),
  ];
}

function targets(rows: readonly Row[], execution: ExecutionFigures | undefined): string[] {
  const inc = find(rows, "incremental", 10_000, "wasm-simd");
  const s10 = find(rows, "scan", 10_000, "wasm-simd");
  const s100 = find(rows, "scan", 100_000, "wasm-simd");
  const ts10 = find(rows, "scan", 10_000, "ts-twin");
  const rust10 = find(rows, "scan", 10_000, "rust-ref");
  const line = (what: string, measured: string, ok: boolean | undefined) =>
    `| ${what} | ${measured} | ${ok === undefined ? "not measured" : ok ? "met" : "**missed**"} |`;
  const lines = ["| target | measured | |", "|---|---|---|"];
  lines.push(line("incremental update (write + check + result) ≤ 25 ns", inc ? `${fmtNs(inc.nsPerOp)} ns` : "–", inc && inc.nsPerOp <= 25));
  lines.push(line("full scan of 10 000 pairs ≤ 5 µs", s10 ? `${fmtNs(s10.nsPerOp)} ns` : "–", s10 && s10.nsPerOp <= 5_000));
  lines.push(
    line(
      "10 000-pair scan ≥ 6× faster than the TS scalar twin",
      s10 && ts10 ? `${(ts10.nsPerOp / s10.nsPerOp).toFixed(1)}×` : "–",
      s10 && ts10 && ts10.nsPerOp / s10.nsPerOp >= 6,
    ),
  );
  lines.push(
    line(
      "10 000-pair scan faster than the native Rust scalar reference",
      s10 && rust10 ? `${(rust10.nsPerOp / s10.nsPerOp).toFixed(2)}×` : "–",
      s10 && rust10 ? rust10.nsPerOp > s10.nsPerOp : undefined,
    ),
  );
  const kf = find(rows, "frame", 16, "kalshi-delta");
  const pf = find(rows, "frame", 16, "polymarket-price-change");
  lines.push(
    line("Kalshi delta frame → core → check ≥ 300 000 frames/s on one core", kf ? `${fmtOps(kf.nsPerOp)} frames/s` : "–", kf && 1e9 / kf.nsPerOp >= 300_000),
  );
  lines.push(
    line("Polymarket price_change frame → core → check ≥ 200 000 frames/s", pf ? `${fmtOps(pf.nsPerOp)} frames/s` : "–", pf && 1e9 / pf.nsPerOp >= 200_000),
  );
  lines.push(
    line(
      "execution decision latency p50 ≤ 150 µs (opportunity in → both orders handed to the socket)",
      execution ? `${execution.handoffP50Us.toFixed(0)} µs` : "–",
      execution && execution.handoffP50Us <= 150,
    ),
  );
  const lin = s10 && s100 ? s100.nsPerOp / 100_000 / (s10.nsPerOp / 10_000) : undefined;
  lines.push(
    line(
      "100 000 pairs scale linearly (ns/pair within 1.5× of 10 000)",
      lin === undefined ? "–" : `${lin.toFixed(2)}× the 10 000-pair ns/pair`,
      lin === undefined ? undefined : lin <= 1.5,
    ),
  );
  return lines;
}

/** Wasm SIMD128's full scan against each native Rust kernel, every size; kernels that did not run say why. */
function nativeAnchor(rows: readonly Row[], sizes: readonly number[], skipped: readonly string[]): string[] {
  const kernels = ["rust-ref", "rust-sse4.1", "rust-avx2"];
  const cell = (wasm: Row | undefined, r: Row | undefined) =>
    r === undefined ? "–" : `${fmtNs(r.nsPerOp)} (${wasm === undefined ? "–" : `${(r.nsPerOp / wasm.nsPerOp).toFixed(2)}×`})`;
  return [
    "### Wasm SIMD128 against native Rust",
    "",
    "ns per full scan; in brackets, Rust's time ÷ Wasm SIMD128's: above 1× the Wasm scan is the faster one. The vector kernels are the same algorithm as the Wasm one (cheaper YES leg + cheaper NO leg per pair, 16-bit lanes, saturating add, the rare lane that clears looked at alone).",
    "",
    `| pairs | wasm-simd | ${kernels.map(label).join(" | ")} |`,
    `|---:|---:|${kernels.map(() => "---:").join("|")}|`,
    ...sizes.map((pairs) => {
      const wasm = find(rows, "scan", pairs, "wasm-simd");
      return `| ${pairs.toLocaleString("en-US")} | ${wasm === undefined ? "–" : fmtNs(wasm.nsPerOp)} | ${kernels.map((k) => cell(wasm, find(rows, "scan", pairs, k))).join(" | ")} |`;
    }),
    ...(skipped.length > 0 ? ["", ...skipped.map((line) => `- ${line}`)] : []),
  ];
}

const fmtUs = (row: Row | undefined) => (row === undefined ? "–" : (row.nsPerOp / 1000).toFixed(1));

/** The Polymarket order path, before (viem) and after, stage by stage; then the secp256k1 signers that were candidates. */
function orderPath(rows: readonly Row[]): string[] {
  const get = (contender: string) => find(rows, "order", 1, contender);
  const stages: [string, string, string][] = [
    ["build: amounts + order struct", "order-build", "order-build"],
    ["digest: the EIP-712 hash, the order id", "order-digest-viem", "order-digest"],
    ["sign (before: hashTypedData again + @noble/curves, as account.signTypedData)", "order-sign-viem", "sign-libsecp256k1"],
    ["body: POST body + its JSON", "order-body", "order-body"],
  ];
  const sum = (pick: (s: [string, string, string]) => string) => {
    const found = stages.map((s) => get(pick(s)));
    return found.every((r) => r !== undefined) ? found.reduce((t, r) => t + r.nsPerOp, 0) : undefined;
  };
  const before = sum((s) => s[1]);
  const after = sum((s) => s[2]);
  const whole = get("order-stage");
  const us = (ns: number | undefined) => (ns === undefined ? "–" : (ns / 1000).toFixed(1));
  const x = (b: number | undefined, a: number | undefined) => (b === undefined || a === undefined ? "–" : `${(b / a).toFixed(1)}×`);
  const signers: [string, string][] = [
    ["libsecp256k1 (`secp256k1` N-API binding, prebuilt): **used**", "sign-libsecp256k1"],
    ["@noble/curves, 2^8 generator table (viem's default; the fallback)", "sign-noble"],
    ["@noble/curves, `precompute(12)` (~28 MB more RSS)", "sign-noble-w12"],
    ["node:crypto / OpenSSL ECDSA (random nonce, DER, no recovery id: not usable)", "sign-openssl"],
  ];
  return [
    "## Polymarket order path",
    "",
    "One op: one FOK order (tick 0.01). Before: viem's `hashTypedData` at staging, `account.signTypedData` at send. After: the specialised EIP-712 encoder (type hash and domain separator cached, Keccak in Wasm) computed once at staging and signed there by libsecp256k1; the send only posts the body.",
    "",
    "| stage | before (µs) | after (µs) | speed-up |",
    "|---|---:|---:|---:|",
    ...stages.map(([what, b, a]) => `| ${what} | ${fmtUs(get(b))} | ${fmtUs(get(a))} | ${x(get(b)?.nsPerOp, get(a)?.nsPerOp)} |`),
    `| **total** (sum of the stages) | ${us(before)} | ${us(after)} | ${x(before, after)} |`,
    `| \`stageOrder\` measured whole (+ the body's JSON) | – | ${fmtUs(whole)} | ${x(before, whole?.nsPerOp)} |`,
    "",
    "secp256k1 signers on a ready digest (RFC 6979, low S, with recovery id unless said):",
    "",
    "| signer | µs/signature |",
    "|---|---:|",
    ...signers.map(([what, c]) => `| ${what} | ${fmtUs(get(c))} |`),
    "",
  ];
}

export function renderMarkdown(meta: Meta, rows: readonly Row[], execution?: ExecutionFigures): string {
  const scanSizes = [...new Set(rows.filter((r) => r.scenario === "scan").map((r) => r.pairs))].sort((a, b) => a - b);
  const out = [
    "# Detection core benchmarks",
    "",
    `${meta.date} · ${meta.cpu} (${meta.cores} cores) · Node ${meta.node} (V8 ${meta.v8}) · ${meta.quick ? "quick run" : "full run"} · ${meta.seconds} s`,
    "",
    `Median of tinybench samples, each timing a batch of operations; every JS contender runs alone in its own worker. ${meta.rust}.`,
    "",
    "## Targets",
    "",
    ...targets(rows, execution),
    "",
    "## Incremental update, 10 000 pairs",
    "",
    "One op: write one leg's ask and size into the book views, `checkPair`, read the answer. python-style: update its dict, then re-evaluate every pair (as the Python peer does on each tick).",
    "",
    ...table(rows, "incremental", 10_000, false),
    "",
    "## Full scan",
    "",
    "One op: evaluate every pair for the four arb types and write the opportunities (0.1% of pairs carry one) to the output buffer.",
  ];
  for (const pairs of scanSizes) out.push("", `### ${pairs.toLocaleString("en-US")} pairs`, "", ...table(rows, "scan", pairs, true));
  out.push("", ...nativeAnchor(rows, scanSizes, meta.rustSkipped ?? []));
  out.push("", "## In-flight dedup, 10 000 pairs", "", "One op: `tryAcquire` then `release` of the next pair.", "", ...table(rows, "dedup", 10_000, false));
  out.push(
    "",
    "## Venue frame to decision, 16 markets",
    "",
    "One op: a frame's text through the real client's parser, its book, the Wasm SIMD core and the incremental check (Kalshi `orderbook_delta`, Polymarket `price_change`; about half the frames move a top of book).",
    "",
    ...table(rows, "frame", 16, false),
    "",
  );
  if (rows.some((r) => r.scenario === "order")) out.push(...orderPath(rows));
  if (execution !== undefined) {
    out.push(
      "## Execution engine",
      "",
      "Measured in the engine's process against the simulator running in its own process on loopback (Kalshi same-market arbs, each after a 5 ms idle gap, so caches are as cold as between real arbs). Journaled: opportunity in → sized with exact fees, risk-checked, both orders' client ids appended to the order journal (the SQLite commit follows once the orders are sent). Handed to the socket: → both orders passed to the venue client's HTTP pool, with Kalshi's order signature kept ready off the event loop (RSA-PSS signs timestamp + method + path only).",
      "",
      "| measure | p50 | p99 |",
      "|---|---:|---:|",
      `| journaled (µs) | ${execution.decisionP50Us.toFixed(0)} | ${execution.decisionP99Us.toFixed(0)} |`,
      `| handed to the socket (µs) | ${execution.handoffP50Us.toFixed(0)} | ${execution.handoffP99Us.toFixed(0)} |`,
      "",
      `Ledger write rate (one transaction per fill, WAL): ${execution.ledgerFillsPerSec.toFixed(0)} fills/s. ${execution.samples} decision samples.`,
      "",
    );
  }
  return out.join("\n");
}
