import { type KeyObject, createPublicKey } from "node:crypto";
import { KALSHI_PRECISION_DIRECT_MICROS, KALSHI_PRECISION_RETAIL_MICROS } from "@arb/domain";
import type { KalshiExchange } from "../exchange/kalshi.js";
import type { PolymarketExchange } from "../exchange/polymarket.js";
import type { EventLog } from "../log/event-log.js";
import { SIM_LABEL } from "./endpoint.js";
import { createIdSource } from "./ids.js";

export interface KalshiKey {
  readonly keyId: string;
  readonly accountId: string;
  readonly publicKey: KeyObject;
}

export interface PolymarketWallet {
  /** The EOA as registered (checksummed when the test passed one). */
  readonly address: string;
  readonly signatureType: 0 | 1 | 2;
  /** The order's `maker`: the EOA itself for type 0, the proxy / Safe for 1 and 2. */
  readonly funder: string;
}

export interface PolymarketApiKey {
  readonly key: string;
  readonly secret: string;
  readonly passphrase: string;
  /** Lower-case EOA. */
  readonly address: string;
}

/** Users' accounts and credentials on both venues, and the client label each account goes by in the event log. */
export interface Accounts {
  /** Names an account after the client whose endpoint it first came through (or was created for); first label wins. */
  labelAccount(accountId: string, label: string): void;
  /** An account's client label; "sim" for the simulated makers and accounts no client has used yet. */
  accountLabel(accountId: string): string;
  /** The accounts (Kalshi ids, lower-case Polymarket addresses) a client label names. */
  accountsLabelled(label: string): string[];
  createKalshiAccount(publicKeyPem: string, balanceMicros: number, direct: boolean): { keyId: string; accountId: string };
  kalshiKey(keyId: string): KalshiKey | undefined;
  createPolymarketAccount(address: string, balanceMicros: number, signatureType: 0 | 1 | 2, funder: string): PolymarketWallet;
  polymarketWallet(address: string): PolymarketWallet | undefined;
  /** Registers credentials for an (address, nonce); false when they exist already. */
  addPolymarketKey(creds: PolymarketApiKey, nonce: number): boolean;
  polymarketKeyFor(address: string, nonce: number): PolymarketApiKey | undefined;
  polymarketKey(key: string): PolymarketApiKey | undefined;
}

export function createAccounts(kalshi: KalshiExchange, polymarket: PolymarketExchange, clock: () => number, log: EventLog): Accounts {
  const accountLabels = new Map<string, string>();
  const nextKeyId = createIdSource(0x6b657973);
  const keys = new Map<string, KalshiKey>();
  const wallets = new Map<string, PolymarketWallet>();
  const polyKeys = new Map<string, PolymarketApiKey>();
  const polyKeysByNonce = new Map<string, PolymarketApiKey>();
  let accountCount = 0;
  return {
    labelAccount(accountId, label) {
      const id = accountId.toLowerCase();
      if (!accountLabels.has(id)) accountLabels.set(id, label);
    },
    accountLabel: (accountId) => accountLabels.get(accountId.toLowerCase()) ?? SIM_LABEL,
    accountsLabelled: (label) => [...accountLabels].filter(([, l]) => l === label).map(([id]) => id),
    createKalshiAccount(publicKeyPem, balanceMicros, direct) {
      const publicKey = createPublicKey(publicKeyPem);
      if (publicKey.asymmetricKeyType !== "rsa") throw new TypeError("Kalshi API keys are RSA keys");
      accountCount += 1;
      const accountId = `acct-${accountCount}`;
      const keyId = nextKeyId();
      kalshi.addAccount({ accountId, balanceMicros, precisionMicros: direct ? KALSHI_PRECISION_DIRECT_MICROS : KALSHI_PRECISION_RETAIL_MICROS });
      keys.set(keyId, { keyId, accountId, publicKey });
      return { keyId, accountId };
    },
    kalshiKey: (keyId) => keys.get(keyId),
    createPolymarketAccount(address, balanceMicros, signatureType, funder) {
      const id = address.toLowerCase();
      if (wallets.has(id)) throw new RangeError(`Polymarket account ${address} exists`);
      const wallet: PolymarketWallet = { address, signatureType, funder: signatureType === 0 ? address : funder };
      wallets.set(id, wallet);
      polymarket.addAccount(id, balanceMicros);
      log.append("account.created", clock(), { venue: "polymarket", address: id, balanceMicros });
      return wallet;
    },
    polymarketWallet: (address) => wallets.get(address.toLowerCase()),
    addPolymarketKey(creds, nonce) {
      const slot = `${creds.address}:${nonce}`;
      if (polyKeysByNonce.has(slot)) return false;
      polyKeysByNonce.set(slot, creds);
      polyKeys.set(creds.key, creds);
      return true;
    },
    polymarketKeyFor: (address, nonce) => polyKeysByNonce.get(`${address.toLowerCase()}:${nonce}`),
    polymarketKey: (key) => polyKeys.get(key),
  };
}
