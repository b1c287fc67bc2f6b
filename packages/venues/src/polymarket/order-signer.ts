// secp256k1 ECDSA of a ready 32-byte digest, as Ethereum signs it: RFC 6979 deterministic nonce, low S, r ‖ s ‖ v
// with v = 27 + recovery id, so byte-identical to viem's `sign` / `signTypedData` (order-signer.test.ts).
// libsecp256k1 (Bitcoin Core's constant-time C library, through the `secp256k1` package's N-API binding: prebuilt
// for linux-x64, darwin-arm64 and win32-x64, compiled by node-gyp elsewhere) signs in ~40 µs here; @noble/curves,
// which viem signs with, takes ~290 µs (~235 µs even with a 2^12-point generator table and 28 MB more RSS). noble
// stays as the fallback where the binding cannot load, so a machine without it still trades, slower.
import { createRequire } from "node:module";
import { secp256k1 as noble } from "@noble/curves/secp256k1";
import type { Address, Hex } from "viem";
import { getAddress } from "viem/utils";
import { bytesToHex, hexInto } from "./hex.js";
import { keccak256 } from "./keccak.js";

export type SignerEngine = "libsecp256k1" | "noble";

/** Signs order digests with one private key, which it never exposes. */
export interface OrderSigner {
  readonly address: Address;
  readonly engine: SignerEngine;
  /** The 65-byte signature r ‖ s ‖ v of a 32-byte digest, as the CLOB and the exchange contract read it. */
  sign(digest: Uint8Array): Hex;
}

/** The part of the `secp256k1` package's native binding used here (its `bindings` entry, never the JS fallback). */
interface Libsecp256k1 {
  privateKeyVerify(key: Uint8Array): boolean;
  publicKeyCreate(key: Uint8Array, compressed: boolean): Uint8Array;
  ecdsaSign(digest: Uint8Array, key: Uint8Array): { signature: Uint8Array; recid: number };
}

// Known answer, from viem's `sign` (and checked against it in the tests): key 1, digest 32 × 0x01. A binding that
// loads but signs differently would have every order refused, so it is not used.
const KAT_KEY = Uint8Array.from({ length: 32 }, (_, i) => (i === 31 ? 1 : 0));
const KAT_DIGEST = new Uint8Array(32).fill(1);
const KAT_SIGNATURE = "0x747a6c6bd9a8ff0b77a99b8f274f5df5198b5dddc33edd4bc89e459d13dfa6177431bfa016325b8f27491781d1c462999f1dde760560373a517d29161c2df1391c";

function signatureHex(rs: Uint8Array, recid: number): Hex {
  return `${bytesToHex(rs)}${recid === 0 ? "1b" : "1c"}` as Hex;
}

function loadLibsecp256k1(): { lib: Libsecp256k1 } | { reason: string } {
  let lib: Libsecp256k1;
  try {
    lib = createRequire(import.meta.url)("secp256k1/bindings") as Libsecp256k1;
  } catch (err) {
    return { reason: `native binding not loadable: ${(err as Error).message.split("\n")[0]}` };
  }
  const kat = lib.ecdsaSign(KAT_DIGEST, KAT_KEY);
  return signatureHex(kat.signature, kat.recid) === KAT_SIGNATURE ? { lib } : { reason: "native binding failed its known-answer test" };
}

const loaded = loadLibsecp256k1();

/** Whether libsecp256k1 is in use here, and if not, why (for the exec client's start-up log). */
export const nativeSigner: { readonly available: boolean; readonly reason?: string } =
  "lib" in loaded ? { available: true } : { available: false, reason: loaded.reason };

/** The checksummed address of an uncompressed public key (0x04 ‖ x ‖ y): the last 20 bytes of keccak(x ‖ y). */
function addressOf(publicKey: Uint8Array): Address {
  return getAddress(bytesToHex(keccak256(publicKey.subarray(1)).subarray(12)));
}

/**
 * A signer for `privateKey` (0x + 64 hex digits): libsecp256k1 when it loaded and passed its known-answer test,
 * else @noble/curves; `engine` forces one (benchmarks, tests). Refuses an invalid key (0 or ≥ the curve order).
 */
export function createOrderSigner(privateKey: Hex, engine: SignerEngine = "lib" in loaded ? "libsecp256k1" : "noble"): OrderSigner {
  const key = new Uint8Array(32);
  hexInto(key, 0, privateKey, 32);
  if (engine === "libsecp256k1") {
    if (!("lib" in loaded)) throw new Error(`libsecp256k1 is unavailable: ${loaded.reason}`);
    const lib = loaded.lib;
    if (!lib.privateKeyVerify(key)) throw new RangeError("not a valid secp256k1 private key");
    return {
      address: addressOf(lib.publicKeyCreate(key, false)),
      engine,
      sign(digest) {
        const s = lib.ecdsaSign(digest, key);
        return signatureHex(s.signature, s.recid);
      },
    };
  }
  if (!noble.utils.isValidPrivateKey(key)) throw new RangeError("not a valid secp256k1 private key");
  return {
    address: addressOf(noble.getPublicKey(key, false)),
    engine,
    sign(digest) {
      const s = noble.sign(digest, key, { lowS: true });
      return signatureHex(s.toCompactRawBytes(), s.recovery);
    },
  };
}
