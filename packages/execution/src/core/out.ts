import type { Alert, ExecutionEvent } from "../events.js";
import type { Command } from "./state.js";

/** The commands one step returns: ledger writes first (the shell commits them before anything else), then actions. */

export class Out {
  readonly writes: Command[] = [];
  readonly actions: Command[] = [];
  constructor(readonly nowMs: number) {}
  write(w: Extract<Command, { kind: "ledger.write" }>["write"]): void {
    this.writes.push({ kind: "ledger.write", write: w });
  }
  act(c: Command): void {
    this.actions.push(c);
  }
  emit(event: ExecutionEvent): void {
    this.actions.push({ kind: "event.emit", event });
  }
  alert(alert: Alert): void {
    this.write({ kind: "alert", alert });
    this.actions.push({ kind: "alert.raise", alert });
  }
  commands(): Command[] {
    return this.writes.length === 0 ? this.actions : this.writes.concat(this.actions);
  }
}
