import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const script = fileURLToPath(new URL('./fixtures/exit-writer.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'leanllm-exit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const COUNT = 10_000;

/** Runs the fixture (which calls process.exit() right after its last line) and reads its file. */
async function linesWrittenBy(mode: 'sync' | 'async'): Promise<Record<string, unknown>[]> {
  const file = join(dir, `${mode}.log`);
  await run(process.execPath, [script, mode, file, String(COUNT)]);
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));
}

describe('process.exit() right after logging (the README set-ups)', () => {
  it.each(['sync', 'async'] as const)(
    'pino.destination with %s writes leaves all 10,000 llm.call lines in the file',
    async (mode) => {
      const lines = await linesWrittenBy(mode);
      expect(lines).toHaveLength(COUNT);
      expect(lines.map((line) => line.input_tokens)).toEqual(
        Array.from({ length: COUNT }, (_, i) => i),
      );
      expect(
        lines.every((line) => line.msg === 'llm.call' && line.session_id === 'exit-test'),
      ).toBe(true);
      expect(new Set(lines.map((line) => line.event_id)).size).toBe(COUNT);
    },
  );
});
