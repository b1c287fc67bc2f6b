/** A live progress line on stderr: redrawn in place on a terminal, a plain line every few seconds otherwise. */
export interface Progress {
  update(label: string, done: number, total: number): void;
  note(text: string): void;
  end(): void;
}

export function createProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  const tty = stream.isTTY === true;
  let lastPlain = 0;
  let drawn = false;
  return {
    update(label, done, total) {
      const width = 30;
      const filled = total === 0 ? width : Math.round((done / total) * width);
      const line = `${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}`;
      if (tty) {
        stream.write(`\r\x1b[2K${line}`);
        drawn = true;
      } else if (Date.now() - lastPlain > 5_000 || done === total) {
        lastPlain = Date.now();
        stream.write(`${line}\n`);
      }
    },
    note(text) {
      if (drawn) stream.write("\r\x1b[2K");
      drawn = false;
      stream.write(`${text}\n`);
    },
    end() {
      if (drawn) stream.write("\n");
      drawn = false;
    },
  };
}
