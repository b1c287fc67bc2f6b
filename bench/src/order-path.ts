// The Polymarket order path, stage by stage, before (viem: hashTypedData at staging, account.signTypedData at send,
// which hashes the typed data again) and after (the specialised digest, computed once, signed by libsecp256k1 at
// staging), plus the secp256k1 signers that were candidates, each on a ready digest. One order per op.
import { createPrivateKey, sign as opensslSign } from "node:crypto";
import {
  type OrderV2,
  MarketRegistry,
  PolymarketClob,
  PolymarketConfig,
  PolymarketExec,
  buildOrderV2,
  centsForShares,
  computeMarketBuyAmounts,
  createOrderSigner,
  hashOrderV2,
  orderBody,
  orderDigestV2,
  orderTypedData,
} from "@arb/venues";
import { secp256k1 } from "@noble/curves/secp256k1";
import { pino } from "pino";
import { hexToBytes } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hashTypedData } from "viem/utils";

export type OrderContender =
  | "order-build"
  | "order-digest-viem"
  | "order-digest"
  | "order-sign-viem"
  | "order-body"
  | "order-stage"
  | "sign-libsecp256k1"
  | "sign-noble"
  | "sign-noble-w12"
  | "sign-openssl";

// A throwaway key: nothing signed here is ever sent.
const KEY = `0x${"11".repeat(32)}` as const;
const ACCOUNT = privateKeyToAccount(KEY);
const TOKEN = "71321045679252212594626385532706912750332728571942532289631379312455583992563";
const MARKET = "0x5f65177b394277fd294cd75650044e32ba009a95022d88a0c1d565897d72f8f1";
const OWNER = "f4f247b7-4ac7-ff29-a152-04fda0a8755a";
const PRICE_UNITS = 4500;
const SIZE_HUNDREDTHS = 1000;
/** Digests to sign, cycled so no signer sees one input only. */
const DIGESTS = 64;

let salt = 1;
function build(): OrderV2 {
  const amounts = computeMarketBuyAmounts(centsForShares(SIZE_HUNDREDTHS, PRICE_UNITS), PRICE_UNITS, "0.01");
  if (!amounts.ok) throw new Error(amounts.error);
  return buildOrderV2({ signer: ACCOUNT.address, signatureType: 0 }, TOKEN, amounts.amounts, salt++, 1_780_449_126_930 + salt);
}

/** Nothing listens there and nothing is sent: staging does no I/O. The order sockets (which dial at once) are off. */
const NOWHERE = "http://127.0.0.1:9";

function exec(): PolymarketExec {
  const urls = { clob: NOWHERE, gamma: NOWHERE, wsMarket: "ws://127.0.0.1:9", wsUser: "ws://127.0.0.1:9" };
  const config = PolymarketConfig.parse({ urls, orderSockets: 0, privateKey: KEY, creds: { key: OWNER, secret: "c2VjcmV0", passphrase: "p" } });
  const registry = new MarketRegistry();
  registry.add({ conditionId: MARKET, yesTokenId: TOKEN, noTokenId: "1", tick: "0.01", negRisk: false, feeRatePpm: 0, feeExponent: 0, minOrderHundredths: 0 });
  return new PolymarketExec({ config, clob: new PolymarketClob({ config, account: ACCOUNT }), account: ACCOUNT, registry, logger: pino({ level: "silent" }) });
}

/** An OpenSSL EC key for the same secret: Node's crypto takes keys as KeyObjects, built here from a JWK. */
function opensslKey() {
  const d = hexToBytes(KEY);
  const pub = secp256k1.getPublicKey(d, false);
  const b64 = (b: Uint8Array) => Buffer.from(b).toString("base64url");
  return createPrivateKey({ key: { kty: "EC", crv: "secp256k1", d: b64(d), x: b64(pub.subarray(1, 33)), y: b64(pub.subarray(33)) }, format: "jwk" });
}

/** One op of a contender, and how many to time per sample (each op is microseconds, well above the timer's grain). */
export function orderTask(contender: OrderContender): { batch: number; fn: () => number } {
  const orders = Array.from({ length: DIGESTS }, build);
  const digests = orders.map((o) => orderDigestV2(o, 137, false));
  let k = 0;
  const next = () => k++ & (DIGESTS - 1);
  const signed = { ...orders[0]!, signature: createOrderSigner(KEY).sign(digests[0]!) };
  switch (contender) {
    case "order-build":
      return { batch: 64, fn: () => Number(build().makerAmount) };
    case "order-digest-viem":
      return { batch: 4, fn: () => hashTypedData(orderTypedData(orders[next()]!, 137, false)).length };
    case "order-digest":
      return { batch: 16, fn: () => hashOrderV2(orders[next()]!, 137, false).length };
    case "order-sign-viem": {
      // What account.signTypedData runs, without its promise: the typed data hashed again, then @noble/curves.
      const noble = createOrderSigner(KEY, "noble");
      return { batch: 1, fn: () => noble.sign(hexToBytes(hashTypedData(orderTypedData(orders[next()]!, 137, false)))).length };
    }
    case "order-body":
      return { batch: 64, fn: () => JSON.stringify(orderBody(signed, OWNER, "FOK")).length };
    case "order-stage": {
      // The whole staged order as the engine gets it (amounts, build, digest, signature, body), then the body's JSON.
      const e = exec();
      const intent = {
        clientOrderId: "c",
        market: MARKET,
        outcome: "yes" as const,
        action: "buy" as const,
        priceUnits: PRICE_UNITS,
        sizeHundredths: SIZE_HUNDREDTHS,
        timeInForce: "fill_or_kill" as const,
      };
      return {
        batch: 4,
        fn: () => {
          const s = e.stageOrder(intent);
          if (!s.ok) throw new Error(s.error.message);
          return JSON.stringify(s.value.body).length;
        },
      };
    }
    case "sign-libsecp256k1": {
      const signer = createOrderSigner(KEY, "libsecp256k1");
      return { batch: 8, fn: () => signer.sign(digests[next()]!).length };
    }
    case "sign-noble": {
      const signer = createOrderSigner(KEY, "noble");
      return { batch: 1, fn: () => signer.sign(digests[next()]!).length };
    }
    case "sign-noble-w12": {
      // A 2^12-entry window table for the generator (the library's own precompute; default 2^8): ~28 MB more RSS.
      secp256k1.utils.precompute(12);
      const signer = createOrderSigner(KEY, "noble");
      return { batch: 1, fn: () => signer.sign(digests[next()]!).length };
    }
    case "sign-openssl": {
      // Random nonce, DER output, no recovery id: not usable for orders, measured as the native floor Node ships.
      const key = opensslKey();
      return { batch: 1, fn: () => opensslSign(null, digests[next()]!, key).length };
    }
  }
}
