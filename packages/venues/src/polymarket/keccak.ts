// Keccak-256 for order digests: hash-wasm's WebAssembly build hashes the 384-byte order struct in ~2.6 µs, where
// @noble/hashes (viem's) takes ~28 µs on the same machine (bench: `pnpm bench`, "Polymarket order path").
import { createRequire } from "node:module";

interface Keccak {
  init(): Keccak;
  update(data: Uint8Array): Keccak;
  digest(format: "binary"): Uint8Array;
}

const require = createRequire(import.meta.url);
// The Keccak build alone: the package's index compiles every algorithm it ships (≈ 5 MB more RSS).
const { createKeccak } = require("hash-wasm/dist/keccak.umd.min.js") as { createKeccak(bits: 256): Promise<Keccak> };
// One instance, compiled once at import; each call runs init → update → digest synchronously, so callers never
// interleave on its state.
const keccak = await createKeccak(256);

/** Keccak-256 (Ethereum's, not NIST SHA3-256) of `data`: a fresh 32-byte array. */
export function keccak256(data: Uint8Array): Uint8Array {
  return keccak.init().update(data).digest("binary");
}
