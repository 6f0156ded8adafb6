/**
 * Progress of long work (backup, restore) on a terminal: one line rewritten in place, at most
 * ten times a second. Silent when stdout is not a terminal (scripts, services, tests).
 */
export interface Progress {
  update(done: number, total: number): void;
  /** Ends the line (when one was drawn). */
  finish(): void;
}

export function terminalProgress(label: string, unit: string): Progress {
  const tty = process.stdout.isTTY === true;
  let lastMs = 0;
  let drawn = false;
  const draw = (done: number, total: number): void => {
    const pct = total > 0 ? ` (${Math.floor((done / total) * 100)}%)` : '';
    process.stdout.write(`\r${label} ${done}/${total} ${unit}${pct}`);
    drawn = true;
  };
  let last: [number, number] = [0, 0];
  return {
    update(done, total) {
      last = [done, total];
      const now = Date.now();
      if (!tty || now - lastMs < 100) return;
      lastMs = now;
      draw(done, total);
    },
    finish() {
      if (!tty) return;
      draw(...last);
      if (drawn) process.stdout.write('\n');
    },
  };
}
