import fc from "fast-check";
import type { Hex } from "viem";
import { privateKeyToAddress, sign } from "viem/accounts";
import { recoverAddress } from "viem/utils";
import { describe, expect, it } from "vitest";
import { bytesToHex } from "./hex.js";
import { type SignerEngine, createOrderSigner, nativeSigner } from "./order-signer.js";

const ENGINES: readonly SignerEngine[] = ["libsecp256k1", "noble"];
/** secp256k1's group order n: valid keys are 1 .. n − 1. */
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const keyHex = (k: bigint) => `0x${k.toString(16).padStart(64, "0")}` as Hex;
const bytes32 = fc.uint8Array({ minLength: 32, maxLength: 32 });

describe("order signer", () => {
  it("loads libsecp256k1 here: the prebuilt binding installs with the lockfile", () => {
    expect(nativeSigner, nativeSigner.reason).toEqual({ available: true });
    expect(createOrderSigner(keyHex(1n)).engine).toBe("libsecp256k1");
  });

  it("its known answer is viem's signature (key 1, digest 32 × 0x01)", async () => {
    const digest = new Uint8Array(32).fill(1);
    const viem = await sign({ hash: bytesToHex(digest), privateKey: keyHex(1n), to: "hex" });
    for (const engine of ENGINES) expect(createOrderSigner(keyHex(1n), engine).sign(digest)).toBe(viem);
  });

  it("signs byte-identically to viem's sign (RFC 6979, low S, v = 27 + recovery id), recoverable to its address", async () => {
    const key = fc.oneof(fc.bigInt({ min: 1n, max: N - 1n }), fc.constantFrom(1n, 2n, N - 2n, N - 1n));
    await fc.assert(
      fc.asyncProperty(key, bytes32, async (k, digest) => {
        const privateKey = keyHex(k);
        const hash = bytesToHex(digest);
        const expected = await sign({ hash, privateKey, to: "hex" });
        for (const engine of ENGINES) {
          const signer = createOrderSigner(privateKey, engine);
          expect(signer.address).toBe(privateKeyToAddress(privateKey));
          expect(signer.sign(digest), engine).toBe(expected);
        }
        expect(await recoverAddress({ hash, signature: expected })).toBe(privateKeyToAddress(privateKey));
      }),
      { numRuns: 60 },
    );
  });

  it("refuses keys that are not private keys", () => {
    for (const engine of ENGINES) {
      for (const bad of [keyHex(0n), keyHex(N), keyHex(N + 1n)]) expect(() => createOrderSigner(bad, engine)).toThrow(RangeError);
      expect(() => createOrderSigner("0x1234", engine)).toThrow(RangeError);
    }
  });
});
