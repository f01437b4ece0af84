import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { eventLine } from '../helpers/llm-lines.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = fileURLToPath(new URL('../../dist/cli/bin.js', import.meta.url));
const fixture = readFileSync(new URL('./fixtures/agent.ndjson', import.meta.url));

const spawnBin = (args: string[], input?: Buffer) =>
  spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '' },
    maxBuffer: 256 * 1024 * 1024,
  });

describe('the built leanllm-logs bin', () => {
  it('starts with a shebang and reads stdin when no file is given', () => {
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const result = spawnBin(['--format', 'summary', '--top', '1'], fixture);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n').slice(0, 11)).toEqual([
      'leanllm-logs summary',
      '  lines   12 in 1 input: 7 events · 3 other · 1 malformed · 1 blank · 0 truncated',
      '  graphs  2 correlations · 7 calls · 1 orphan · 0 duplicates',
      '  cost    ≥$0.0113 (2 calls without a cost)',
      '  work    5.40 s of LLM latency',
      '  tokens  ≥2,890 tok (1 call without a count)',
      '',
      'top 1 correlation by cost',
      '      cost  calls    work    wall      tokens  correlation',
      '  ≥$0.0113      6  5.00 s  4.30 s  ≥2,770 tok  4bf92f3577b34da6a3ce929d0e0e4736',
      '',
    ]);
  });

  it('exits 2 on a bad argument and 1 on --strict with a malformed line', () => {
    const bad = spawnBin(['--top', 'lots']);
    expect([bad.status, bad.stdout, bad.stderr]).toEqual([
      2,
      '',
      "leanllm-logs: --top must be a whole number of at least 1 (got 'lots')\nTry 'leanllm-logs --help'.\n",
    ]);
    const strict = spawnBin(['--strict', '-f', 'json', 'test/cli/fixtures/agent.ndjson']);
    expect(strict.status).toBe(1);
    expect(JSON.parse(strict.stdout).stats.malformedLines).toBe(1);
  });
});

describe('the built bin in a pipe that closes early', () => {
  it('ends quietly with status 0 (leanllm-logs app.log | head)', async () => {
    const lines = Array.from({ length: 20_000 }, (_, i) =>
      eventLine({ event_id: `e${i}`, ...(i % 50 !== 0 && { parent_request_id: `e${i - 1}` }) }),
    );
    const child = spawn(process.execPath, [bin], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.stdin.end(`${lines.join('\n')}\n`);
    child.stdout.once('data', () => child.stdout.destroy());
    const status = await new Promise((resolve) => child.on('close', resolve));
    expect([status, stderr]).toEqual([0, '']);
  });
});

describe('the built bin reading plain files in worker threads (--jobs)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leanllm-jobs-'));
  // the fixture many times over (malformed, blank and orphan lines included), a second file
  // with a BOM and multi-byte text, and a gzip file and stdin that stay on the main thread
  const big = join(dir, 'big.ndjson');
  const lines: string[] = [];
  for (let i = 0; i < 400; i++) {
    lines.push(
      eventLine({ event_id: `é${i}`, correlation_id: `c${i % 7}`, section_path: 'agent:计划' }),
    );
    lines.push('not json 😀', '', `{"msg":"ünïcödé ${i}"}`);
  }
  writeFileSync(big, `${Buffer.concat([fixture, Buffer.from(lines.join('\n'))])}`);
  const bom = join(dir, 'bom.ndjson');
  writeFileSync(bom, `\uFEFF${fixture}`);
  const gz = join(dir, 'agent.ndjson.gz');
  writeFileSync(gz, gzipSync(fixture));

  it('prints exactly what one thread prints, in every format', () => {
    for (const format of ['json', 'tree', 'summary', 'otlp']) {
      const args = ['--format', format, big, bom, gz, '-', big];
      const one = spawnBin(['--jobs', '1', ...args], fixture);
      expect([one.status, one.stderr]).toEqual([0, '']);
      for (const jobs of format === 'json' ? ['2', '3', '7'] : ['3']) {
        const many = spawnBin(['--jobs', jobs, ...args], fixture);
        expect(many).toMatchObject({ status: 0, stderr: '', stdout: one.stdout });
      }
    }
    const stats = JSON.parse(spawnBin(['-j', '3', '-f', 'json', big]).stdout).stats;
    expect(stats).toMatchObject({ lines: 1612, events: 407, malformedLines: 401, blankLines: 401 });
    expect(stats.malformed.slice(0, 3)).toEqual([
      { file: big, line: 6, reason: 'not a JSON object' },
      { file: big, line: 14, reason: 'not a JSON object' },
      { file: big, line: 18, reason: 'not a JSON object' },
    ]);
  });
});

describe('the built bin piping stdin and gzip input through a worker', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leanllm-stream-'));
  // over 8 MB, so that a stream is piped through a worker without --jobs too; lines of every
  // length run across the 1 MB blocks, and the last one is cut short
  const lines: string[] = [];
  for (let i = 0; i < 21_000; i++) {
    lines.push(
      eventLine({
        event_id: `e${i}`,
        correlation_id: `c${i % 97}`,
        ...(i % 97 !== i && { parent_request_id: `e${i - 97}` }),
        section_path: `agent:${'é'.repeat(i % 13)}`,
      }),
      `{"msg":"${'x'.repeat(i % 301)}"}`,
      i % 1000 === 0 ? 'not json' : '',
    );
  }
  const log = Buffer.from(`${lines.join('\n')}\n${eventLine({ event_id: 'cut' }).slice(0, 40)}`);
  const gz = join(dir, 'big.ndjson.gz');
  writeFileSync(gz, gzipSync(log));

  it('prints exactly what one thread prints, with and without --jobs', () => {
    expect(log.length).toBeGreaterThan(8 * 1024 * 1024);
    const one = spawnBin(['--jobs', '1', '-f', 'json', gz]);
    expect([one.status, one.stderr]).toEqual([0, '']);
    const stats = JSON.parse(one.stdout).stats;
    expect(stats).toMatchObject({
      lines: 63_001,
      events: 21_000,
      malformedLines: 21,
      blankLines: 20_979,
      truncatedLines: 1,
    });
    for (const args of [['-j', '2', gz], [gz], ['-j', '2'], []]) {
      const many = spawnBin(['-f', 'json', ...args], args.includes(gz) ? undefined : log);
      const expected = args.includes(gz) ? one.stdout : one.stdout.replaceAll(gz, '<stdin>');
      expect(many).toMatchObject({ status: 0, stderr: '', stdout: expected });
    }
  });
});
