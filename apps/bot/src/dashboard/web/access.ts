import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { BlockList, isIP } from "node:net";
import { networkInterfaces } from "node:os";

/**
 * Who may use the web dashboard. A page the operator visits elsewhere can reach a loopback port too: through DNS
 * rebinding (its own name pointed at 127.0.0.1, so its requests carry `Host: <its name>`) or by opening a WebSocket,
 * which browsers let any page open to any host (it carries `Origin: <that page>`). So every request and upgrade must
 * name this dashboard itself in `Host`, and in `Origin` when a browser sends one; and a configured token is required
 * everywhere, loopback included.
 */

export class WebTokenError extends Error {
  readonly code = "WEB_TOKEN_REFUSED";
}

/** A shorter token could be guessed online through the dashboard itself. */
const MIN_TOKEN_LENGTH = 16;

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");

const unbracket = (host: string): string => (host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host);

/** An address literal (IPv4, IPv6 with or without brackets) in the loopback range, or the name `localhost`, which
 *  resolves to loopback by definition; a name that merely starts with "127." is just a name. */
export function isLoopback(host: string): boolean {
  const h = unbracket(host.toLowerCase());
  if (h === "localhost") return true;
  const family = isIP(h);
  return family !== 0 && LOOPBACK.check(h, family === 4 ? "ipv4" : "ipv6");
}

const WILDCARD = new Set(["0.0.0.0", "::", "[::]"]);

/** Refuses a binding or token the dashboard must not start with: a bad token, or no token beyond loopback. */
export function checkWebAccess(host: string, token: string | undefined): void {
  if (token !== undefined && (token.length < MIN_TOKEN_LENGTH || /\s/.test(token))) {
    throw new WebTokenError(`ARB_WEB_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters without spaces (it has ${token.length})`);
  }
  if (token === undefined && !isLoopback(host)) {
    throw new WebTokenError(`the web dashboard binds ${host}, beyond loopback: set ARB_WEB_TOKEN (${MIN_TOKEN_LENGTH}+ characters) or bind 127.0.0.1`);
  }
}

/** A host (name or address, IPv6 without brackets) and port as a browser would put them in a URL: canonical form. */
interface Authority {
  readonly host: string;
  readonly port: number;
}

/** `Host` header or origin → its canonical host and port, or undefined when it is not a plain authority. The WHATWG
 *  parser canonicalises addresses as browsers do (`127.1` → `127.0.0.1`, `[0::1]` → `::1`). */
function authorityOf(text: string, scheme: "http:" | "https:" | undefined): Authority | undefined {
  let u: URL;
  try {
    u = new URL(scheme === undefined ? `http://${text}` : text);
  } catch {
    return undefined;
  }
  if (scheme === undefined && !/^[A-Za-z0-9.:[\]-]+$/.test(text)) return undefined;
  if (u.protocol !== "http:" && u.protocol !== "https:") return undefined;
  if (u.username !== "" || u.password !== "" || u.pathname !== "/" || u.search !== "" || u.hash !== "") return undefined;
  const port = u.port === "" ? (u.protocol === "https:" ? 443 : 80) : Number(u.port);
  return { host: unbracket(u.hostname).replace(/\.$/, ""), port };
}

const canonical = (host: string): string =>
  authorityOf(host.includes(":") && !host.startsWith("[") ? `[${host}]` : host, undefined)?.host ?? host.toLowerCase();

export interface AccessRules {
  /** `Host` / origin acceptable for this request: the bound address (its port), a loopback name when bound to
   *  loopback, every interface address when bound to all, or a configured public name (any port: a proxy's). */
  hostOk(text: string | undefined): boolean;
  originOk(origin: string | undefined): boolean;
  tokenOk(req: IncomingMessage): boolean;
}

/** The rules of a dashboard listening on `bound` (as configured) at `address`:`port` (as the socket reports it). */
export function accessRules(o: { bound: string; address: string; port: number; publicNames: readonly string[]; token: string | undefined }): AccessRules {
  const names = new Set(o.publicNames.map(canonical));
  const own = new Set([canonical(o.bound), canonical(o.address)]);
  if (isLoopback(o.bound) || isLoopback(o.address)) own.add("localhost");
  const wildcard = WILDCARD.has(o.bound) || WILDCARD.has(o.address);
  const ownHost = (host: string): boolean => {
    if (own.has(host)) return true;
    if (!wildcard) return false;
    if (host === "localhost" || isLoopback(host)) return true;
    // Bound to every interface: each of this machine's addresses is the bound address (read now: they change).
    return Object.values(networkInterfaces()).some((list) => list?.some((i) => canonical(i.address) === host) === true);
  };
  const ok = (a: Authority | undefined): boolean => a !== undefined && (names.has(a.host) || (a.port === o.port && ownHost(a.host)));
  const expected = o.token === undefined ? undefined : Buffer.from(o.token);
  return {
    hostOk: (text) => text !== undefined && ok(authorityOf(text, undefined)),
    // No Origin: not a browser's cross-site request (curl, Prometheus, a same-origin navigation).
    originOk: (origin) => origin === undefined || ok(authorityOf(origin, origin.startsWith("https:") ? "https:" : "http:")),
    tokenOk(req) {
      if (expected === undefined) return true;
      const url = new URL(req.url ?? "/", "http://x");
      const given = Buffer.from(url.searchParams.get("token") ?? (req.headers.authorization ?? "").replace(/^Bearer\s+/i, ""));
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}
