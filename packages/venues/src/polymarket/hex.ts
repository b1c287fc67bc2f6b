// Hex ↔ bytes for the order path: table-driven, no intermediate strings or arrays (viem's helpers allocate per byte).
import type { Hex } from "viem";

const BYTE_HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));

/** "0x"-prefixed lowercase hex of `bytes`. */
export function bytesToHex(bytes: Uint8Array): Hex {
  let out = "0x";
  for (let i = 0; i < bytes.length; i++) out += BYTE_HEX[bytes[i] as number];
  return out as Hex;
}

function nibble(hex: string, at: number): number {
  const c = hex.charCodeAt(at);
  if (c >= 48 && c <= 57) return c - 48; // 0-9
  const lower = c | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87; // a-f, A-F
  throw new RangeError(`not a hex digit at ${at}: ${JSON.stringify(hex)}`);
}

/** Writes the `length` bytes of a "0x"-prefixed hex string of exactly that many bytes into `out` at `offset`. */
export function hexInto(out: Uint8Array, offset: number, hex: string, length: number): void {
  if (hex.length !== 2 + 2 * length || hex.charCodeAt(0) !== 48 || (hex.charCodeAt(1) | 0x20) !== 120) {
    throw new RangeError(`expected 0x and ${length} hex bytes, got ${JSON.stringify(hex)}`);
  }
  for (let i = 0; i < length; i++) out[offset + i] = (nibble(hex, 2 + 2 * i) << 4) | nibble(hex, 3 + 2 * i);
}
