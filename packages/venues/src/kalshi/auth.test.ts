import { constants, generateKeyPairSync, verify } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { createVenueLogger } from "../log.js";
import { HEADER_KEY, HEADER_SIGNATURE, HEADER_TIMESTAMP, KalshiKeyError, createKalshiSigner, loadKalshiKey, signKalshi, signingMessage } from "./auth.js";

const { privateKey, publicKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  publicKeyEncoding: { type: "spki", format: "pem" },
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
});
const dir = mkdtempSync(join(tmpdir(), "kalshi-auth-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function verifies(message: string, signatureB64: string): boolean {
  return verify(
    "sha256",
    Buffer.from(message),
    { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
    Buffer.from(signatureB64, "base64"),
  );
}

describe("Kalshi auth", () => {
  it("signs timestamp + METHOD + path without the query (venues.md §1.2 example)", () => {
    expect(signingMessage(1703123456789, "get", "/trade-api/v2/portfolio/orders?limit=5")).toBe("1703123456789GET/trade-api/v2/portfolio/orders");
  });

  it("produces an RSA-PSS SHA-256 (salt 32) signature in standard base64 that the public key verifies", () => {
    const key = loadKalshiKey({ privateKeyPem: privateKey });
    const sig = signKalshi(key, 1703123456789, "POST", "/trade-api/v2/portfolio/events/orders");
    expect(sig).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(verifies("1703123456789POST/trade-api/v2/portfolio/events/orders", sig)).toBe(true);
    expect(verifies("1703123456789GET/trade-api/v2/portfolio/events/orders", sig)).toBe(false);
  });

  it("builds the three headers", () => {
    const signer = createKalshiSigner("a952bcbe-ec3b-4b5b-b8f9-11dae589608c", loadKalshiKey({ privateKeyPem: privateKey }));
    const h = signer.headers("GET", "/trade-api/ws/v2", 42);
    expect(h[HEADER_KEY]).toBe("a952bcbe-ec3b-4b5b-b8f9-11dae589608c");
    expect(h[HEADER_TIMESTAMP]).toBe("42");
    expect(verifies("42GET/trade-api/ws/v2", h[HEADER_SIGNATURE] ?? "")).toBe(true);
  });

  it("keeps an order signature ready within its age and signs anything else, or anything older, on the spot", async () => {
    let clock = 1_000_000;
    const signer = createKalshiSigner("kid", loadKalshiKey({ privateKeyPem: privateKey }), () => clock);
    const path = "/trade-api/v2/portfolio/events/orders";
    signer.keepFresh("POST", path, 60_000, 1_000);
    const deadline = Date.now() + 5_000;
    while (signer.headers("POST", path, clock + 500)[HEADER_TIMESTAMP] !== String(clock) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    const ready = signer.headers("POST", path, clock + 500);
    expect(ready[HEADER_TIMESTAMP]).toBe("1000000");
    expect(verifies(`1000000POST${path}`, ready[HEADER_SIGNATURE] ?? "")).toBe(true);
    const stale = signer.headers("POST", path, clock + 1_001);
    expect(stale[HEADER_TIMESTAMP]).toBe("1001001");
    expect(verifies(`1001001POST${path}`, stale[HEADER_SIGNATURE] ?? "")).toBe(true);
    const other = signer.headers("GET", path, clock + 10);
    expect(other[HEADER_TIMESTAMP]).toBe("1000010");
    expect(verifies(`1000010GET${path}`, other[HEADER_SIGNATURE] ?? "")).toBe(true);
    clock += 10;
    signer.close();
    expect(signer.headers("POST", path, clock)[HEADER_TIMESTAMP]).toBe("1000010");
  });

  it("loads a key file only its owner can read and refuses a group- or world-readable one", () => {
    const path = join(dir, "key.pem");
    writeFileSync(path, privateKey, { mode: 0o600 });
    expect(loadKalshiKey({ privateKeyPath: path }).asymmetricKeyType).toBe("rsa");
    chmodSync(path, 0o640);
    expect(() => loadKalshiKey({ privateKeyPath: path })).toThrow(KalshiKeyError);
    chmodSync(path, 0o604);
    expect(() => loadKalshiKey({ privateKeyPath: path })).toThrow(/chmod 600/);
  });

  it("refuses text that is not an RSA private key", () => {
    expect(() => loadKalshiKey({ privateKeyPem: "not a key" })).toThrow(KalshiKeyError);
    const ec = generateKeyPairSync("ec", {
      namedCurve: "P-256",
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    expect(() => loadKalshiKey({ privateKeyPem: ec.privateKey })).toThrow(/must be RSA/);
  });

  it("never writes key material or signatures to the log", () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = createVenueLogger({ destination });
    const signer = createKalshiSigner("kid", loadKalshiKey({ privateKeyPem: privateKey }));
    const headers = signer.headers("GET", "/trade-api/v2/portfolio/balance", 1);
    log.info({ config: { keyId: "kid", privateKeyPem: privateKey } }, "config");
    log.info({ privateKeyPem: privateKey, headers }, "request");
    log.info({ req: { headers } }, "nested");
    const text = lines.join("");
    expect(lines).toHaveLength(3);
    expect(text).not.toContain("PRIVATE KEY");
    expect(text).not.toContain(headers[HEADER_SIGNATURE]);
    expect(text).toContain("[redacted]");
  });
});
