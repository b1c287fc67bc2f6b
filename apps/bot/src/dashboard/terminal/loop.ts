import type { Snapshot } from "../../state/snapshot.js";
import { renderScreen } from "./render.js";

/**
 * The bytes that turn the previous screen into `screen` without clearing it first (a clear shows a blank frame
 * between two, which flickers): home, each line written over the old one and the rest of it erased, then everything
 * below the last line erased.
 */
export function redrawInPlace(screen: string): string {
  return `\x1b[H${screen.split("\n").join("\x1b[K\n")}\x1b[K\x1b[J`;
}

/** Draws the screen at a fixed rate on the alternate buffer; restores the terminal on stop. */
export function startTerminalDashboard(o: { out: NodeJS.WriteStream; snapshot: () => Snapshot; refreshMs: number }): { stop(): void } {
  o.out.write("\x1b[?1049h\x1b[?25l\x1b[2J");
  const draw = () => {
    const screen = renderScreen(o.snapshot(), { width: o.out.columns ?? 120, height: (o.out.rows ?? 40) - 1, color: true });
    o.out.write(redrawInPlace(screen));
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
