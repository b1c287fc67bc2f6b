import { generateKeyPairSync } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Admin } from "../sim.js";

/**
 * A throwaway RSA key for a contender's simulator account: the public half registered with the simulator, the
 * private half written (mode 600) to the contender's scratch folder in the encoding it reads.
 */
export async function registerKalshiKey(
  admin: Admin,
  dir: string,
  balanceMicros: number,
  encoding: "pkcs1" | "pkcs8" = "pkcs8",
): Promise<{ keyId: string; accountId: string; keyPath: string }> {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const keyPath = join(dir, "kalshi-key.pem");
  writeFileSync(keyPath, privateKey.export({ type: encoding, format: "pem" }).toString(), { mode: 0o600 });
  const { keyId, accountId } = await admin.createKalshiAccount(publicKey.export({ type: "spki", format: "pem" }).toString(), balanceMicros);
  return { keyId, accountId, keyPath };
}
