import type { Snapshot } from "../../state/snapshot.js";
import { renderScreen } from "./render.js";

/** Draws the screen at a fixed rate on the alternate buffer; restores the terminal on stop. */
export function startTerminalDashboard(o: { out: NodeJS.WriteStream; snapshot: () => Snapshot; refreshMs: number }): { stop(): void } {
  o.out.write("\x1b[?1049h\x1b[?25l");
  const draw = () => {
    const screen = renderScreen(o.snapshot(), { width: o.out.columns ?? 120, height: (o.out.rows ?? 40) - 1, color: true });
    o.out.write(`\x1b[H\x1b[2J${screen}`);
  };
  draw();
  const t = setInterval(draw, o.refreshMs);
  return {
    stop() {
      clearInterval(t);
      o.out.write("\x1b[?25h\x1b[?1049l");
    },
  };
}
