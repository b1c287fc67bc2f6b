import fc from "fast-check";
import { type Address, type Hex, keccak256, toHex } from "viem";
import { getAddress, hashTypedData } from "viem/utils";
import { describe, expect, it } from "vitest";
import { bytesToHex } from "./hex.js";
import { orderDigester } from "./order-hash.js";
import { EXCHANGE_V2, EXCHANGE_V3, NEG_RISK_EXCHANGE_V2, type OrderV2, type OrderVersion, hashOrderV2, orderDomain, orderTypedData } from "./sign.js";

const UINT256_MAX = (1n << 256n) - 1n;
const hexBytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n }).map((b) => bytesToHex(b));
/** Lowercase and checksummed, the two spellings viem accepts. */
const address = hexBytes(20).chain((a) => fc.constantFrom(a, getAddress(a))) as fc.Arbitrary<Address>;
/** Uniform over uint256 and aimed at the limb edges (2^64 ± 1) and the ends. */
const uint256 = fc.oneof(
  fc.bigInt({ min: 0n, max: UINT256_MAX }),
  fc.constantFrom(0n, 1n, (1n << 64n) - 1n, 1n << 64n, (1n << 64n) + 1n, (1n << 128n) - 1n, UINT256_MAX),
  fc.bigInt({ min: 0n, max: BigInt(Number.MAX_SAFE_INTEGER) }),
);

const order: fc.Arbitrary<OrderV2> = fc.record({
  salt: uint256,
  maker: address,
  signer: address,
  tokenId: uint256,
  makerAmount: uint256,
  takerAmount: uint256,
  side: fc.constantFrom("BUY" as const, "SELL" as const),
  signatureType: fc.constantFrom(0 as const, 1 as const, 2 as const),
  timestamp: uint256,
  metadata: hexBytes(32),
  builder: hexBytes(32),
  expiration: uint256,
});
const domain = fc.record({
  chainId: fc.constantFrom(137, 80_002),
  negRisk: fc.boolean(),
  version: fc.constantFrom(2 as const, 3 as const) as fc.Arbitrary<OrderVersion>,
});

describe("the specialised V2 order digest", () => {
  it("equals viem's hashTypedData on random orders: both exchanges and V3, neg-risk or not, every signature type", () => {
    fc.assert(
      fc.property(order, domain, (o, d) => {
        expect(hashOrderV2(o, d.chainId, d.negRisk, d.version)).toBe(hashTypedData(orderTypedData(o, d.chainId, d.negRisk, d.version)));
      }),
      { numRuns: 400 },
    );
  });

  it("caches one domain separator per exchange, chain and version, equal to EIP-712's", () => {
    for (const [contract, negRisk, version] of [
      [EXCHANGE_V2, false, 2],
      [NEG_RISK_EXCHANGE_V2, true, 2],
      [EXCHANGE_V3, false, 3],
    ] as const) {
      const d = orderDomain(137, negRisk, version);
      expect(d.verifyingContract).toBe(contract);
      const separator = keccak256(
        `0x${[
          keccak256(toHex("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")),
          keccak256(toHex(d.name)),
          keccak256(toHex(d.version)),
          toHex(137n, { size: 32 }),
          toHex(BigInt(contract), { size: 32 }),
        ]
          .map((w) => w.slice(2))
          .join("")}`,
      );
      expect(bytesToHex(orderDigester(d).domainSeparator)).toBe(separator);
      expect(orderDigester({ ...d })).toBe(orderDigester(d));
    }
  });

  it("refuses what the ABI cannot encode, as viem does, and malformed bytes32 hex, which viem would hash", () => {
    const base: OrderV2 = {
      salt: 1n,
      maker: EXCHANGE_V2,
      signer: EXCHANGE_V2,
      tokenId: 1n,
      makerAmount: 1n,
      takerAmount: 1n,
      side: "BUY",
      signatureType: 0,
      timestamp: 1n,
      metadata: `0x${"00".repeat(32)}`,
      builder: `0x${"00".repeat(32)}`,
      expiration: 0n,
    };
    const bad: Partial<OrderV2>[] = [{ tokenId: UINT256_MAX + 1n }, { makerAmount: -1n }, { maker: "0x1234" as Address }];
    for (const change of bad) {
      const o = { ...base, ...change };
      expect(
        () => hashTypedData(orderTypedData(o, 137, false)),
        JSON.stringify(change, (_, v) => (typeof v === "bigint" ? String(v) : v)),
      ).toThrow();
      expect(() => hashOrderV2(o, 137, false)).toThrow(RangeError);
    }
    expect(() => hashOrderV2({ ...base, metadata: `0x${"zz".repeat(32)}` as Hex }, 137, false)).toThrow(RangeError);
  });
});
