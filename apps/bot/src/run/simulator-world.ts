import { generateKeyPairSync, randomBytes } from "node:crypto";
import type { SimControl } from "@arb/venue-sim";
import type { Secrets } from "../config/secrets.js";
import type { VenueUrls } from "../config/urls.js";

export interface SimulatorWorld {
  readonly urls: VenueUrls;
  /** Throwaway credentials made at start for the simulator's accounts; never written anywhere. */
  readonly secrets: Secrets;
  /** The simulator's own ids of the two accounts (its admin views are keyed by them). */
  readonly accounts: { readonly kalshiAccountId: string; readonly polymarketAddress: string };
  /** In-process control of an embedded simulator (absent when attached to one over its admin API). */
  readonly control?: SimControl;
  close(): Promise<void>;
}

interface Keys {
  readonly publicKeyPem: string;
  readonly privateKeyPem: string;
  readonly polyKey: string;
}

function throwawayKeys(): Keys {
  const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    publicKeyPem: rsa.publicKey.export({ type: "spki", format: "pem" }).toString(),
    privateKeyPem: rsa.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    polyKey: `0x${randomBytes(32).toString("hex")}`,
  };
}

const EMBEDDED_LOG_RECORDS = 10_000;

/** Starts the embedded simulator and opens one funded account per venue with keys generated just now. */
export async function startSimulatorWorld(o: { scenario?: string; balanceMicros: number }): Promise<SimulatorWorld> {
  // Loaded only when embedding: paper, live and attached runs never pay for the simulator's code.
  const { startSim } = await import("@arb/venue-sim");
  // The bot never reads the simulator's event log back; a small in-memory window keeps a long run's memory flat.
  const sim = await startSim({ eventLogMemory: EMBEDDED_LOG_RECORDS, ...(o.scenario === undefined ? {} : { scenario: o.scenario }) });
  try {
    const keys = throwawayKeys();
    const kalshi = sim.control.createKalshiAccount({ publicKeyPem: keys.publicKeyPem, balanceMicros: o.balanceMicros });
    const wallet = sim.control.createPolymarketAccount({ privateKey: keys.polyKey, balanceMicros: o.balanceMicros });
    return {
      urls: { kalshi: sim.urls.kalshi, polymarket: sim.urls.polymarket },
      accounts: { kalshiAccountId: kalshi.accountId, polymarketAddress: wallet.address },
      secrets: { kalshi: { keyId: kalshi.keyId, privateKeyPem: keys.privateKeyPem }, polymarket: { privateKey: keys.polyKey } },
      control: sim.control,
      close: () => sim.close(),
    };
  } catch (err) {
    await sim.close();
    throw err;
  }
}

async function post(url: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Uses a simulator already running in its own process (its admin API opens the accounts). */
export async function attachSimulatorWorld(o: { adminUrl: string; urls: VenueUrls; balanceMicros: number }): Promise<SimulatorWorld> {
  const keys = throwawayKeys();
  const base = o.adminUrl.replace(/\/+$/, "");
  const kalshi = await post(`${base}/kalshi/accounts`, { publicKeyPem: keys.publicKeyPem, balanceMicros: o.balanceMicros });
  const wallet = await post(`${base}/polymarket/accounts`, { privateKey: keys.polyKey, balanceMicros: o.balanceMicros });
  return {
    urls: o.urls,
    accounts: { kalshiAccountId: String(kalshi["accountId"]), polymarketAddress: String(wallet["address"]) },
    secrets: { kalshi: { keyId: String(kalshi["keyId"]), privateKeyPem: keys.privateKeyPem }, polymarket: { privateKey: keys.polyKey } },
    close: async () => {},
  };
}
