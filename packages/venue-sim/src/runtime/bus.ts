import type { ExchangeEvent } from "../engine/exchange.js";

export interface ArbWindow {
  readonly windowId: string;
  readonly venue: "kalshi";
  readonly ticker: string;
  readonly yesAskUnits: number;
  readonly noAskUnits: number;
  readonly edgeUnits: number;
  readonly sizeHundredths: number;
  readonly openedMs: number;
  readonly closesMs: number;
}

/** Everything the simulator's core tells its shells (WS servers, event log). `kind` is "noun.past-verb". */
export type SimEvent =
  | { readonly kind: "exchange.stepped"; readonly venue: "kalshi"; readonly events: readonly ExchangeEvent[] }
  | { readonly kind: "arb.window-opened"; readonly window: ArbWindow }
  | { readonly kind: "arb.window-closed"; readonly window: ArbWindow }
  | { readonly kind: "venue.paused"; readonly venue: "kalshi"; readonly paused: boolean }
  | { readonly kind: "connections.killed"; readonly venue: "kalshi" }
  | { readonly kind: "seq-gap.armed"; readonly venue: "kalshi"; readonly skip: number }
  | { readonly kind: "malformed.requested"; readonly venue: "kalshi"; readonly count: number };

export interface Bus {
  publish(e: SimEvent): void;
  subscribe(listener: (e: SimEvent) => void): () => void;
}

export function createBus(): Bus {
  const listeners = new Set<(e: SimEvent) => void>();
  return {
    publish(e) {
      for (const l of listeners) l(e);
    },
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}
