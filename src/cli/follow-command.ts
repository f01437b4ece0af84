import { open } from 'node:fs/promises';
import type { CliOptions } from './args.js';
import { follow } from './follow.js';
import { type Input, STDIN_NAME } from './inputs.js';
import type { CliIo, TextOutput } from './io.js';
import { fieldsToKeep } from './output-formats.js';
import { emptyStats } from './stats.js';
import { styleFor } from './style.js';
import { tailFile } from './tail-file.js';

/** How often a followed file is checked for more when there was nothing new, in ms. */
const POLL_MS = 100;

/**
 * `leanllm-logs --follow`: follows `input` (a file as `tail -F` does, or stdin until it closes),
 * Ctrl-C (through `io.interrupts`) ending it with the totals. Returns the exit status.
 */
export async function followInput(
  input: Input,
  options: CliOptions,
  io: CliIo,
  now: () => number,
  out: TextOutput,
): Promise<number> {
  const stats = emptyStats();
  stats.files = [input.name];
  const interrupted = new AbortController();
  let unsubscribe: (() => void) | undefined;
  unsubscribe = io.interrupts?.(() => {
    unsubscribe?.(); // a second Ctrl-C does what it does by default
    interrupted.abort();
  });
  const write = async (text: string) => {
    if (text.length > 0 && out.write(text) === false && out.once !== undefined) {
      await new Promise<void>((resolve) => out.once?.('drain', resolve));
    }
  };
  try {
    let source: AsyncIterable<Buffer | 'rotated' | 'truncated'>;
    if (input.name === STDIN_NAME) source = input.chunks();
    else {
      await input.close();
      const handle = await open(input.name, 'r');
      source = tailFile(input.name, handle, POLL_MS, interrupted.signal);
    }
    return await follow(
      input.name,
      source,
      {
        format: options.format === 'json' ? 'json' : 'tree',
        idleMs: options.idleMs,
        strict: options.strict,
        keep: fieldsToKeep(options),
        correlations: options.correlations,
        since: options.since,
        until: options.until,
      },
      stats,
      { write, now, style: styleFor(out, io.env ?? {}), signal: interrupted.signal },
    );
  } catch (error) {
    io.stderr.write(`leanllm-logs: cannot read ${input.name}: ${(error as Error).message}\n`);
    return 2;
  } finally {
    unsubscribe?.();
  }
}
