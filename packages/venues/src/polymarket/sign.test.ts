import { randomBytes } from "node:crypto";
import { encodeAbiParameters, keccak256, recoverTypedDataAddress, toHex, verifyTypedData } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { clobAuthTypedData, computeL2Signature, createL1Headers, createL2Headers } from "./auth.js";
import { createOrderSigner } from "./order-signer.js";
import { EXCHANGE_V2, NEG_RISK_EXCHANGE_V2, type OrderV2, ZERO_BYTES32, buildOrderV2, hashOrderV2, orderBody, orderDigestV2, orderTypedData } from "./sign.js";
import { PolyOrderRequest } from "./wire.js";

// Hardhat/Anvil account #0: a published test key that never holds real funds.
const ANVIL_0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const account = privateKeyToAccount(ANVIL_0);
const signer = createOrderSigner(ANVIL_0);
const signOrder = (o: OrderV2, negRisk: boolean) => ({ ...o, signature: signer.sign(orderDigestV2(o, 137, negRisk)) });
const TOKEN = "71321045679252212594626385532706912750332728571942532289631379312455583992563";
const order = buildOrderV2(
  { signer: account.address, signatureType: 0 },
  TOKEN,
  { side: "BUY", makerAmount: 11_782_400n, takerAmount: 21_040_000n },
  479_249_096_354,
  1_780_449_126_930,
);

/** EIP-712 by hand: keccak of the ABI-encoded type hash and fields, independent of viem's hashTypedData. */
function handDigest(verifyingContract: `0x${string}`): `0x${string}` {
  const typeHash = keccak256(
    toHex(
      "Order(uint256 salt,address maker,address signer,uint256 tokenId,uint256 makerAmount,uint256 takerAmount,uint8 side,uint8 signatureType,uint256 timestamp,bytes32 metadata,bytes32 builder)",
    ),
  );
  const structHash = keccak256(
    encodeAbiParameters(
      ["bytes32", "uint256", "address", "address", "uint256", "uint256", "uint256", "uint8", "uint8", "uint256", "bytes32", "bytes32"].map((type) => ({
        type,
      })),
      [typeHash, order.salt, order.maker, order.signer, order.tokenId, order.makerAmount, order.takerAmount, 0, 0, order.timestamp, ZERO_BYTES32, ZERO_BYTES32],
    ),
  );
  const domainHash = keccak256(
    encodeAbiParameters(
      [{ type: "bytes32" }, { type: "bytes32" }, { type: "bytes32" }, { type: "uint256" }, { type: "address" }],
      [
        keccak256(toHex("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")),
        keccak256(toHex("Polymarket CTF Exchange")),
        keccak256(toHex("2")),
        137n,
        verifyingContract,
      ],
    ),
  );
  return keccak256(`0x1901${domainHash.slice(2)}${structHash.slice(2)}`);
}

describe("V2 order signing", () => {
  it("gives the pinned digest and signature for a fixed order (standard exchange), as viem's signTypedData does", async () => {
    const pinned = "0x953635d9a9e5888b8df48871e1460c3b7f7a10b14310a7ab64c065b90d2559260274c3a994bdb09becdef9921cbc39d694929eec39b157694f7c77c91b60591c1c";
    expect(hashOrderV2(order, 137, false)).toBe("0x7d41e3c303c3d789a6cdbd117e01c8c2f5641f8bc5ca4301c11a4e7a252b20e2");
    expect(await account.signTypedData(orderTypedData(order, 137, false))).toBe(pinned);
    for (const engine of ["libsecp256k1", "noble"] as const) {
      expect(createOrderSigner(ANVIL_0, engine).sign(orderDigestV2(order, 137, false)), engine).toBe(pinned);
    }
  });

  it("matches a hand-assembled EIP-712 digest for both exchanges", () => {
    expect(hashOrderV2(order, 137, false)).toBe(handDigest(EXCHANGE_V2));
    expect(hashOrderV2(order, 137, true)).toBe(handDigest(NEG_RISK_EXCHANGE_V2));
    expect(hashOrderV2(order, 137, true)).toBe("0xb6278a7e56363fcc3f3d5425d4040120c6800b369fffb7ca9b670cb2eb1e1065");
  });

  it("recovers and verifies the signer, and fails for the other exchange", async () => {
    const signed = signOrder(order, true);
    const typed = orderTypedData(order, 137, true);
    expect(await recoverTypedDataAddress({ ...typed, signature: signed.signature })).toBe(account.address);
    expect(await verifyTypedData({ ...typed, address: account.address, signature: signed.signature })).toBe(true);
    expect(await verifyTypedData({ ...orderTypedData(order, 137, false), address: account.address, signature: signed.signature })).toBe(false);
  });

  it("makes the funder the maker for proxy and Safe signature types", () => {
    const funder = "0x1234567890123456789012345678901234567890";
    for (const signatureType of [1, 2] as const) {
      const o = buildOrderV2({ signer: account.address, signatureType, funder }, TOKEN, { side: "SELL", makerAmount: 1n, takerAmount: 1n }, 1, 1);
      expect(o.maker).toBe(funder);
      expect(o.signer).toBe(account.address);
    }
    expect(() => buildOrderV2({ signer: account.address, signatureType: 2 }, TOKEN, { side: "SELL", makerAmount: 1n, takerAmount: 1n }, 1, 1)).toThrow();
  });

  it("writes the documented POST /order body, which the request schema reads back", () => {
    const body = orderBody(signOrder(order, false), "f4f247b7-4ac7-ff29-a152-04fda0a8755a", "FOK");
    const json = JSON.parse(JSON.stringify(body));
    expect(json.order.salt).toBe(479_249_096_354);
    expect(json.order).toMatchObject({
      side: "BUY",
      makerAmount: "11782400",
      takerAmount: "21040000",
      timestamp: "1780449126930",
      expiration: "0",
      signatureType: 0,
    });
    expect(PolyOrderRequest.safeParse(json).success).toBe(true);
    expect(() => orderBody({ ...order, signature: "0x" }, "k", "FAK", true)).toThrow();
  });
});

describe("L1 / L2 auth", () => {
  it("signs ClobAuth as the SDK does (clob-client-v2 tests/signing/eip712 vector, Amoy)", async () => {
    const h = await createL1Headers(account, 80_002, 10_000_000, 23);
    expect(h.POLY_SIGNATURE).toBe(
      "0xf62319a987514da40e57e2f4d7529f7bac38f0355bd88bb5adbb3768d80de6c1682518e0af677d5260366425f4361e7b70c25ae232aff0ab2331e2b164a1aedc1b",
    );
    expect(h).toMatchObject({ POLY_ADDRESS: account.address, POLY_TIMESTAMP: "10000000", POLY_NONCE: "23" });
    const typed = clobAuthTypedData(account.address, 10_000_000, 23, 80_002);
    expect(await recoverTypedDataAddress({ ...typed, signature: h.POLY_SIGNATURE as `0x${string}` })).toBe(account.address);
  });

  it("computes the HMAC as the SDK does (clob-client-v2 tests/signing/hmac vector)", () => {
    expect(computeL2Signature("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", 1_000_000, "test-sign", "/orders", '{"hash": "0x123"}')).toBe(
      "ZwAdJKvoYRlEKDkNMwd5BuwNNtg93kNaR_oU2HrfVvc=",
    );
  });

  it("signs the path without its query, decodes url-safe secrets, keeps the padding", () => {
    const secret = randomBytes(32).toString("base64url");
    const a = computeL2Signature(secret, 1, "GET", "/data/orders?market=0x1");
    expect(a).toBe(computeL2Signature(secret, 1, "GET", "/data/orders"));
    expect(a).toBe(computeL2Signature(secret.replace(/-/g, "+").replace(/_/g, "/"), 1, "GET", "/data/orders"));
    expect(a.endsWith("=")).toBe(true);
    expect(a).not.toMatch(/[+/]/);
    const h = createL2Headers(account.address, { key: "k", secret, passphrase: "p" }, 7, "POST", "/order", "{}");
    expect(h).toMatchObject({ POLY_ADDRESS: account.address, POLY_TIMESTAMP: "7", POLY_API_KEY: "k", POLY_PASSPHRASE: "p" });
  });
});
