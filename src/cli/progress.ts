import { formatCount } from './format.js';

/** Where progress goes: a terminal's stderr (nothing is shown elsewhere). */
export interface ProgressOutput {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

/** Progress shows once reading has taken this long, and is redrawn at most this often. */
export const PROGRESS_DELAY_MS = 1000;
export const PROGRESS_INTERVAL_MS = 250;

/**
 * One line on stderr, redrawn in place while a large input is read (`reading app.log: 120.5 MB,
 * 1,234,567 lines, 45,678 events`), then erased. Only on a terminal, and only once reading has
 * lasted `PROGRESS_DELAY_MS`, so small inputs and pipes never see it.
 */
export class Progress {
  readonly #output: ProgressOutput;
  readonly #now: () => number;
  readonly #started: number;
  #lastDrawn = Number.NEGATIVE_INFINITY;
  #shown = false;

  constructor(output: ProgressOutput, now: () => number) {
    this.#output = output;
    this.#now = now;
    this.#started = now();
  }

  update(file: string, bytes: number, lines: number, events: number): void {
    if (this.#output.isTTY !== true) return;
    const now = this.#now();
    if (now - this.#started < PROGRESS_DELAY_MS || now - this.#lastDrawn < PROGRESS_INTERVAL_MS)
      return;
    this.#lastDrawn = now;
    this.#shown = true;
    const mb = (bytes / 1e6).toFixed(1);
    const counted = (n: number, what: string) => `${formatCount(n)} ${what}${n === 1 ? '' : 's'}`;
    this.#output.write(
      `\r\u001b[2Kreading ${file}: ${mb} MB, ${counted(lines, 'line')}, ${counted(events, 'event')}`,
    );
  }

  /** Erases the line, if one was drawn. */
  done(): void {
    if (this.#shown) this.#output.write('\r\u001b[2K');
    this.#shown = false;
  }
}
