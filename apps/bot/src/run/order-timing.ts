import dc from "node:diagnostics_channel";
import type { ArbType } from "@arb/domain";
import { ORDER_WRITTEN_CHANNEL, lastFrameArrivalUs } from "@arb/venues";

/**
 * Tick to order, as a trader means it: from the arrival of the market-data frame that showed the opportunity to the
 * moment the last of its orders is written on its socket (not handed to an HTTP pool, which may write it later). Each
 * stage is stamped on the monotonic clock in µs: frame arrival (the venue socket), detection, the step's write-ahead
 * journal, and each order request going out on its socket (the venues' order sockets, or undici's `sendHeaders`).
 */
export interface ArbTiming {
  readonly pair: number;
  readonly type: ArbType;
  readonly clientOrderIds: readonly string[];
  readonly frameUs: number;
  readonly detectUs: number;
  readonly committedUs: number;
  /** Each order's request written, in the order they went out. */
  readonly writtenUs: readonly number[];
}

const hrUs = (): number => Number(process.hrtime.bigint() / 1_000n);
const STALE_US = 1_000_000;
/** Where requests are reported as written: undici's pool (every other request) and the venues' order sockets. */
const CHANNELS = ["undici:client:sendHeaders", ORDER_WRITTEN_CHANNEL];

/** Order placements on either venue: Kalshi's create-order endpoints, Polymarket's POST /order. */
function isOrderRequest(method: string, path: string): boolean {
  if (method !== "POST") return false;
  const p = path.split("?")[0] ?? "";
  return p.endsWith("/portfolio/events/orders") || p.endsWith("/portfolio/orders") || p === "/order" || p.endsWith("/order");
}

interface Pending {
  readonly rec: Omit<ArbTiming, "writtenUs">;
  readonly writtenUs: number[];
}

export class OrderTiming {
  private readonly seen = new Map<number, { frameUs: number; detectUs: number; type: ArbType }>();
  /** Arbs whose orders are being written, oldest first: requests go out in the order the engine places them. */
  private readonly writing: Pending[] = [];
  private readonly listener = (message: unknown): void => {
    // undici names the request; the order sockets publish its method and path directly.
    const m = message as { request?: { method?: string; path?: string }; method?: string; path?: string };
    const r = m.request ?? m;
    if (r.method === undefined || r.path === undefined || !isOrderRequest(r.method, r.path)) return;
    const head = this.writing[0];
    if (head === undefined) return;
    head.writtenUs.push(hrUs());
    if (head.writtenUs.length < head.rec.clientOrderIds.length) return;
    this.writing.shift();
    this.done({ ...head.rec, writtenUs: head.writtenUs });
  };

  constructor(private readonly done: (t: ArbTiming) => void) {
    for (const c of CHANNELS) dc.subscribe(c, this.listener);
  }

  /** An opportunity reported while its frame is handled: that frame's arrival is its tick. */
  onDetected(pair: number, type: ArbType): void {
    this.seen.set(pair, { frameUs: lastFrameArrivalUs(), detectUs: hrUs(), type });
  }

  /** The step that sends this pair's orders is journaled; its requests follow. Orders of resolving (no detection) are not timed. */
  onCommitted(pair: number, clientOrderIds: readonly string[]): void {
    const d = this.seen.get(pair);
    if (d === undefined) return;
    this.seen.delete(pair);
    const now = hrUs();
    // An order refused before it was written (never sent) would hold the queue: a second is far past any write.
    while (this.writing.length > 0 && (this.writing[0] as Pending).rec.committedUs < now - STALE_US) this.writing.shift();
    this.writing.push({ rec: { pair, type: d.type, clientOrderIds, frameUs: d.frameUs, detectUs: d.detectUs, committedUs: now }, writtenUs: [] });
  }

  close(): void {
    for (const c of CHANNELS) dc.unsubscribe(c, this.listener);
  }
}
