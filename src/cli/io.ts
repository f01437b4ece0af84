/** The name the CLI goes by in its messages. */
export const CLI_NAME = 'leanllm-logs';

/** What standard input is for the CLI: bytes (or text) in chunks, and whether it is a terminal. */
export type StdinSource = AsyncIterable<Uint8Array | string> & { readonly isTTY?: boolean };

/** Text output: a stream such as `process.stdout`, or anything with `write` in tests. */
export interface TextOutput {
  readonly isTTY?: boolean;
  write(text: string): unknown;
  once?(event: 'drain', listener: () => void): unknown;
}

/** What `run` reads and writes: the process's streams in the bin, stand-ins in tests. */
export interface CliIo {
  readonly stdin: StdinSource;
  readonly stdout: TextOutput;
  readonly stderr: TextOutput;
  /** The environment (`NO_COLOR`, `TERM`); none by default. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The clock, for `--since 2h` and the progress line; `Date.now` by default. */
  readonly now?: () => number;
  /**
   * Subscribes to Ctrl-C (SIGINT) while `--follow` runs, returning the unsubscribe: `--follow`
   * then prints what it has and its totals. Without it, Ctrl-C does what it does by default.
   */
  readonly interrupts?: (listener: () => void) => () => void;
}
