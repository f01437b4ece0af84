import pino, { type Logger, type LoggerOptions } from 'pino';

/** A real pino logger writing into memory, and the lines it wrote (raw and parsed). */
export interface Captured<L = Logger> {
  readonly logger: L;
  readonly raw: string[];
  /** Every line, parsed, without pino's volatile `time`, `pid` and `hostname`. */
  lines(): Record<string, unknown>[];
}

/** A pino logger over an in-memory sink, with `time`, `pid` and `hostname` left out. */
export function capture(options: LoggerOptions = {}): Captured {
  const raw: string[] = [];
  const sink = { write: (line: string) => void raw.push(line) };
  const logger = pino({ base: undefined, timestamp: false, ...options }, sink);
  return { logger, raw, lines: () => raw.map((line) => JSON.parse(line)) };
}

/** Waits a few milliseconds through a timer (a macrotask hop). */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
