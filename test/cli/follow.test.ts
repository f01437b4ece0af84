import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { runCli } from '../helpers/cli.js';
import { eventLine, plainLine } from '../helpers/llm-lines.js';

const bin = fileURLToPath(new URL('../../dist/cli/bin.js', import.meta.url));
const writerScript = fileURLToPath(new URL('../helpers/log-writer.mjs', import.meta.url));

/** An `llm.call` line of correlation `correlation`, call `n` (a child of call n-1). */
const call = (correlation: string, n: number) =>
  `${eventLine({
    event_id: `${correlation}-${n}`,
    correlation_id: correlation,
    parent_request_id: n === 1 ? undefined : `${correlation}-${n - 1}`,
  })}\n`;

/** Waits until `ready()` holds, checking every 20 ms; fails after `limitMs` naming what was awaited. */
async function waitFor(ready: () => boolean, what: () => string, limitMs = 30_000) {
  for (let waited = 0; !ready(); waited += 20) {
    if (waited > limitMs) throw new Error(`gave up waiting: ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A child process's stdout, gathered as it comes. */
function gather(child: ChildProcess): { text: string } {
  const out = { text: '' };
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out.text += chunk;
  });
  return out;
}

let dir: string;
const children: ChildProcess[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'leanllm-follow-'));
});
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

describe('leanllm-logs --follow on a file another process writes', () => {
  it('prints each correlation once idle, across appends, a rotation and a truncation; Ctrl-C prints the totals', async () => {
    const file = join(dir, 'app.log');
    await writeFile(file, `${call('A', 1)}${plainLine()}\n${call('A', 2)}`);
    const cli = spawn(process.execPath, [bin, '--follow', '--idle', '300ms', '-f', 'json', file], {
      env: { ...process.env, NO_COLOR: '1' },
    });
    const writer = spawn(process.execPath, [writerScript, file]);
    children.push(cli, writer);
    const out = gather(cli);
    const acks = gather(writer);
    let sent = 0;
    const send = async (command: object) => {
      writer.stdin?.write(`${JSON.stringify(command)}\n`);
      const ack = `done ${++sent}\n`;
      await waitFor(
        () => acks.text.includes(ack),
        () => `the writer's ${ack}`,
      );
    };
    const graphs = () =>
      out.text
        .split('\n')
        .filter((line) => line.startsWith('{"correlationId"'))
        .map((line) => JSON.parse(line) as { correlationId: string; roots: unknown[] });
    const printed = (ids: string[]) => () =>
      JSON.stringify(graphs().map((graph) => graph.correlationId)) === JSON.stringify(ids);
    const what = () => `the graphs; stdout so far:\n${out.text}`;

    await waitFor(printed(['A']), what);
    const [b1] = call('B', 1).match(/^.{40}/) as RegExpMatchArray;
    await send({ op: 'append', text: b1 }); // half a line: held until its end arrives
    await send({ op: 'append', text: `${call('B', 1).slice(40)}${call('B', 2)}` });
    await waitFor(printed(['A', 'B']), what);
    await send({
      op: 'rotate',
      renamedGets: call('D', 1), // reaches the renamed file before the new one exists
      text: `${call('C', 1)}${call('C', 2)}${call('C', 3)}`,
    });
    await waitFor(printed(['A', 'B', 'D', 'C']), what);
    await send({ op: 'truncate', text: call('E', 1) });
    await waitFor(printed(['A', 'B', 'D', 'C', 'E']), what);

    const exited = new Promise<number | null>((resolve) => cli.on('exit', resolve));
    cli.kill('SIGINT');
    expect(await exited).toBe(130);
    const flatIds = (node: { eventId: string; children: unknown[] }): string[] => [
      node.eventId,
      ...(node.children as (typeof node)[]).flatMap(flatIds),
    ];
    expect(
      graphs().map((graph) =>
        (graph.roots as { eventId: string; children: [] }[]).flatMap(flatIds),
      ),
    ).toEqual([['A-1', 'A-2'], ['B-1', 'B-2'], ['D-1'], ['C-1', 'C-2', 'C-3'], ['E-1']]);
    const last = JSON.parse(out.text.trimEnd().split('\n').at(-1) as string);
    expect(last.totals).toEqual({
      correlations: 5,
      calls: 9,
      errors: 0,
      cost: expect.closeTo(9 * 0.000036, 12),
      costUnknownCalls: 0,
      tokens: 9 * 150,
    });
    expect(last.stats).toMatchObject({
      files: [file],
      lines: 10,
      events: 9,
      otherLines: 1,
      malformedLines: 0,
      truncatedLines: 0,
      graphs: 5,
    });
  });
});

/** Stdin that delivers `lines`, then stays open until `close()`. */
function openStdin(lines: string[]) {
  let close = () => {};
  const closed = new Promise<void>((resolve) => {
    close = resolve;
  });
  const stdin = (async function* () {
    yield lines.join('');
    await closed;
  })();
  return { stdin, close: () => close() };
}

describe('leanllm-logs --follow on stdin', () => {
  it('prints every correlation and the totals when stdin closes', async () => {
    const result = await runCli(['--follow'], {
      stdin: [call('A', 1), call('A', 2), call('B', 1)],
    });
    expect(result).toEqual({
      status: 0,
      stderr: '',
      stdout: `correlation A · 2 calls · $0.000072 · 1.60 s work · 800 ms wall · 300 tok
└─ gpt-4o-mini (openai) · $0.000036 · 800 ms · 150 tok · id A-1  [subtree $0.000072 · 1.60 s work · 800 ms wall · 300 tok]
   └─ gpt-4o-mini (openai) · $0.000036 · 800 ms · 150 tok · id A-2

correlation B · 1 call · $0.000036 · 800 ms work · 800 ms wall · 150 tok
└─ gpt-4o-mini (openai) · $0.000036 · 800 ms · 150 tok · id B-1

3 lines read from <stdin>: 3 events · 0 other · 0 malformed
totals  2 correlations · 3 calls · $0.00011 · 450 tok · 0 errors
`,
    });
  });

  it('prints an idle correlation while stdin stays open, and the rest and the totals on Ctrl-C', async () => {
    const { stdin, close } = openStdin([call('A', 1), call('A', 2)]);
    let interrupt = () => {};
    let subscribed = false;
    const out: string[] = [];
    let clock = 0;
    const status = run(['--follow', '--idle', '50ms', '--format', 'json'], {
      stdin,
      stdout: { write: (text: string) => out.push(text) > 0 },
      stderr: { write: () => true },
      now: () => clock,
      interrupts: (listener) => {
        interrupt = listener;
        subscribed = true;
        return () => {
          subscribed = false;
        };
      },
    });
    await waitFor(
      () => subscribed && out.length === 0,
      () => 'the subscription',
    );
    clock = 49; // not idle yet by the reader's clock
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(out.join('')).toBe('');
    clock = 50;
    await waitFor(
      () => out.join('').includes('"correlationId":"A"'),
      () => out.join(''),
    );
    interrupt();
    expect(await status).toBe(130);
    close();
    const lines = out.join('').trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[1] as string).totals).toMatchObject({ correlations: 1, calls: 2 });
    expect(subscribed).toBe(false);
  });
});

describe('--follow refuses what it cannot do', () => {
  it.each([
    [
      ['--follow', '--format', 'summary'],
      '--follow prints trees or --format json, not --format summary',
    ],
    [['--follow', 'a.log', 'b.log'], '--follow reads one file, or stdin'],
    [['--follow', '--group-by', 'model'], '--group-by cannot be used with --follow'],
    [['--follow', '--top', '2'], '--top cannot be used with --follow'],
    [['--idle', '2s'], '--idle is for --follow'],
    [
      ['--follow', '--idle', 'soon'],
      "--idle must be a duration of at least 1 ms: 500ms, 2s, 1m (got 'soon')",
    ],
  ])('%j', async (argv, message) => {
    expect(await runCli(argv, { stdin: [] })).toEqual({
      status: 2,
      stdout: '',
      stderr: `leanllm-logs: ${message}\nTry 'leanllm-logs --help'.\n`,
    });
  });
});
