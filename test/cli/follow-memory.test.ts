import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { T0 } from '../helpers/llm-lines.js';

const bin = fileURLToPath(new URL('../../dist/cli/bin.js', import.meta.url));

const LINES = 1_000_000;
const CALLS_PER_CORRELATION = 5;
const OTHER_LINES_PER_CALL = 3; // a correlation is 5 calls and 15 other lines: 20 lines
const LINES_PER_CORRELATION = CALLS_PER_CORRELATION * (1 + OTHER_LINES_PER_CALL);
const CORRELATIONS = LINES / LINES_PER_CORRELATION;
const BATCH_CORRELATIONS = 500; // 10,000 lines per write

/** The lines of correlation `c`: a chain of calls 5 ms apart, each followed by ordinary lines. */
function correlationLines(c: number): string {
  let text = '';
  for (let n = 0; n < CALLS_PER_CORRELATION; n++) {
    const time = T0 + (c * CALLS_PER_CORRELATION + n) * 5;
    const parent = n === 0 ? '' : `,"parent_request_id":"c${c}-${n - 1}"`;
    text += `{"level":30,"time":${time},"user_id":"u-${c % 97}","event":"llm.call","event_version":1,"event_id":"c${c}-${n}","correlation_id":"c${c}"${parent},"model":"gpt-4o-mini","provider":"openai","status":"ok","input_tokens":120,"output_tokens":30,"total_tokens":150,"cost":0.000036,"latency_ms":4,"tool_calls":[],"msg":"llm.call"}\n`;
    for (let k = 0; k < OTHER_LINES_PER_CALL; k++) {
      text += `{"level":30,"time":${time},"pid":4242,"hostname":"box","correlation_id":"c${c}","msg":"fetched ${k} documents for the next step"}\n`;
    }
  }
  return text;
}

/** The process's resident set size now and at its peak, from /proc (Linux). */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1]) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

const MB = 1024 * 1024;

/**
 * A small old generation, so the collector runs as it would under pressure and the resident
 * size follows what is live (with the default, V8 lets garbage pile up to hundreds of MB first).
 */
const NODE_FLAGS = ['--max-old-space-size=64'];

describe('leanllm-logs --follow memory', () => {
  it('holds only the open correlations: 1,000,000 lines through a pipe, peak memory as flat at the end as at the start', async () => {
    const cli = spawn(
      process.execPath,
      [...NODE_FLAGS, bin, '--follow', '--idle', '1s', '--format', 'json'],
      {
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let printedLines = 0;
    let tail = '';
    cli.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      for (let i = chunk.indexOf('\n'); i !== -1; i = chunk.indexOf('\n', i + 1)) printedLines++;
      tail = (tail + chunk).slice(-8192);
    });
    let stderr = '';
    cli.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => cli.on('exit', resolve));
    cli.stdin.on('error', () => {}); // a child that died is reported below, not as EPIPE
    const pid = cli.pid as number;

    // the highest resident size while the first fifth is read, and while the last fifth is
    let firstPart = 0;
    let lastPart = 0;
    for (let start = 0; start < CORRELATIONS; start += BATCH_CORRELATIONS) {
      let text = '';
      for (let c = start; c < start + BATCH_CORRELATIONS; c++) text += correlationLines(c);
      if (!cli.stdin.write(text)) {
        const drained = new Promise((resolve) => cli.stdin.once('drain', resolve));
        const ended = exited.then((code) => {
          throw new Error(`leanllm-logs ended early (exit ${code}): ${stderr.slice(0, 2000)}`);
        });
        await Promise.race([drained, ended]);
      }
      const written = start + BATCH_CORRELATIONS;
      if (written <= CORRELATIONS / 5) firstPart = Math.max(firstPart, memoryOf(pid).rss);
      if (written > (CORRELATIONS * 4) / 5) lastPart = Math.max(lastPart, memoryOf(pid).rss);
    }
    const { peak } = memoryOf(pid);
    cli.stdin.end();
    expect(await exited).toBe(0);
    expect(stderr).toBe('');

    // every correlation was printed (one line each), then the totals
    expect(printedLines).toBe(CORRELATIONS + 1);
    const totals = JSON.parse(tail.trimEnd().split('\n').at(-1) as string);
    expect(totals.stats).toMatchObject({
      lines: LINES,
      events: CORRELATIONS * CALLS_PER_CORRELATION,
    });
    expect(totals.totals).toMatchObject({ correlations: CORRELATIONS, calls: CORRELATIONS * 5 });

    // reading the last fifth took no more memory than reading the first: holding the 150,000
    // events read in between would take over 100 MB (and break the 64 MB old generation)
    console.info(
      `follow memory: highest rss in the first fifth ${(firstPart / MB).toFixed(1)} MB, in the last fifth ${(lastPart / MB).toFixed(1)} MB, peak ${(peak / MB).toFixed(1)} MB`,
    );
    expect(lastPart - firstPart).toBeLessThan(16 * MB);
  }, 300_000);
});
