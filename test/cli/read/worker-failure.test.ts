import { describe, expect, it } from 'vitest';
import { type Input, openInputs } from '../../../src/cli/inputs.js';
import { Progress } from '../../../src/cli/progress.js';
import { InputReading } from '../../../src/cli/read/input-reading.js';
import { emptyStats } from '../../../src/cli/stats.js';
import { runCli } from '../../helpers/cli.js';

const FIXTURE = 'test/cli/fixtures/agent.ndjson';
const noStdin = Object.assign((async function* () {})(), { isTTY: false });

describe('reading in worker threads, when it cannot', () => {
  it('a worker whose script cannot be loaded fails the read with its reason (no wait)', async () => {
    const inputs = await openInputs([FIXTURE], noStdin);
    const missing = new URL('./no-such-read-worker.js', import.meta.url);
    const reading = await InputReading.start(
      inputs,
      { jobs: 2, explicit: true, strict: false, keep: new Set() },
      missing,
    );
    const stats = emptyStats();
    const progress = new Progress({ write: () => {} }, Date.now);
    await expect(
      reading.read(inputs[0] as Input, { stats, onEvent: () => {}, progress }),
    ).rejects.toThrow(/^a reading worker failed \(Cannot find module '.*no-such-read-worker\.js'/);
    await reading.close();
    await Promise.all(inputs.map((input) => input.close()));
  });

  it('one thread, or small inputs without --jobs, need no worker', async () => {
    const missing = new URL('./no-such-read-worker.js', import.meta.url);
    for (const [jobs, explicit] of [
      [1, true],
      [4, false],
    ] as const) {
      const stdin = Object.assign(
        (async function* () {
          yield Buffer.from('{"msg":"from stdin"}\n');
        })(),
        { isTTY: false },
      );
      const inputs = await openInputs([FIXTURE, '-'], stdin);
      const reading = await InputReading.start(
        inputs,
        { jobs, explicit, strict: false, keep: new Set() },
        missing,
      );
      const stats = emptyStats();
      const progress = new Progress({ write: () => {} }, Date.now);
      let events = 0;
      for (const input of inputs) {
        await reading.read(input, { stats, onEvent: () => events++, progress });
      }
      await reading.close();
      expect({ lines: stats.lines, events, otherLines: stats.otherLines }).toEqual({
        lines: 13,
        events: 7,
        otherLines: 4,
      });
      await Promise.all(inputs.map((input) => input.close()));
    }
  });

  it('--jobs takes a whole number from 1 to 64', async () => {
    expect(await runCli(['--jobs', '65', FIXTURE])).toEqual({
      status: 2,
      stdout: '',
      stderr: "leanllm-logs: --jobs must be at most 64 (got '65')\nTry 'leanllm-logs --help'.\n",
    });
    expect(await runCli(['--jobs', '0', FIXTURE])).toEqual({
      status: 2,
      stdout: '',
      stderr:
        "leanllm-logs: --jobs must be a whole number of at least 1 (got '0')\nTry 'leanllm-logs --help'.\n",
    });
  });
});
