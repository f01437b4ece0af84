import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { eventLine, plainLine } from '../helpers/llm-lines.js';

const CLEAR = '\r\u001b[2K';

/** A clock that moves `step` ms every time it is read. */
const ticking = (step: number) => {
  let now = 0;
  return () => (now += step);
};

describe('the progress line', () => {
  const stdin = [`${eventLine()}\n`, `${plainLine()}\n`, `${plainLine()}\n`];
  const bytes = (n: number) => (Buffer.byteLength(stdin.slice(0, n).join('')) / 1e6).toFixed(1);

  it('is drawn on a terminal once reading lasts a second, redrawn in place, then erased', async () => {
    const result = await runCli(['-f', 'summary'], { stdin, stderrIsTTY: true, now: ticking(600) });
    expect(result.stderr).toBe(
      `${CLEAR}reading <stdin>: ${bytes(2)} MB, 2 lines, 1 event` +
        `${CLEAR}reading <stdin>: ${bytes(3)} MB, 3 lines, 1 event${CLEAR}`,
    );
  });

  it('is never drawn when stderr is not a terminal, nor for a quick read', async () => {
    expect((await runCli(['-f', 'summary'], { stdin, now: ticking(600) })).stderr).toBe('');
    expect(
      (await runCli(['-f', 'summary'], { stdin, stderrIsTTY: true, now: ticking(1) })).stderr,
    ).toBe('');
  });
});
