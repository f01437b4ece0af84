import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenedPage, openInChromium } from '../helpers/browser.js';
import { runCli } from '../helpers/cli.js';
import { eventLine, T0 } from '../helpers/llm-lines.js';

const FIXTURE = 'test/cli/fixtures/agent.ndjson';
const A = '4bf92f3577b34da6a3ce929d0e0e4736';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'leanllm-groups-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function openReport(argv: string[], name: string): Promise<OpenedPage> {
  const file = join(dir, name);
  const result = await runCli(['--format', 'html', '-o', file, ...argv]);
  expect(result).toEqual({ status: 0, stdout: '', stderr: '' });
  return openInChromium(pathToFileURL(file).href);
}

describe('the HTML report, in chromium: critical path, first tokens, grouping tables', () => {
  it('highlights the critical path of each waterfall and pales the other calls', async () => {
    const { page, errors, close } = await openReport([FIXTURE], 'agent.html');
    try {
      const rows = await page.$$eval(
        `details.correlation[data-correlation="${A}"] .call`,
        (calls) =>
          calls.map((call) => ({
            id: call.getAttribute('data-event-id'),
            critical: call.classList.contains('critical'),
            opacity: getComputedStyle(call.querySelector('.bar') as Element).opacity,
          })),
      );
      // plan-1 → search-1 (fetch-1 ran beside it and ended first) → write-1 (failed) →
      // write-2, inside which check-1 ran
      expect(rows).toEqual([
        { id: 'plan-1', critical: true, opacity: '0.92' },
        { id: 'fetch-1', critical: false, opacity: '0.45' },
        { id: 'search-1', critical: true, opacity: '0.92' },
        { id: 'write-1', critical: true, opacity: '0.92' },
        { id: 'write-2', critical: true, opacity: '0.92' },
        { id: 'check-1', critical: true, opacity: '0.92' },
      ]);
      await expect(
        page.locator(`details.correlation[data-correlation="${A}"] summary .meta`).innerText(),
      ).resolves.toBe(
        '6 calls · ≥$0.0113 · 5.00 s work · 4.30 s wall · ≥2,770 tok · 1 error · critical path 5 calls',
      );
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 60_000);

  it('gives the share of the wall-clock time spent waiting on first tokens', async () => {
    const log = join(dir, 'streamed.ndjson');
    const line = (fields: Record<string, unknown>) =>
      eventLine({ correlation_id: 'streamed', stream: true, ...fields });
    await writeFile(
      log,
      `${[
        line({ event_id: 's1', time: T0 + 400, latency_ms: 400, ttft_ms: 100 }),
        line({
          event_id: 's2',
          parent_request_id: 's1',
          time: T0 + 1000,
          latency_ms: 600,
          ttft_ms: 150,
        }),
      ].join('\n')}\n`,
    );
    const { page, close } = await openReport([log], 'streamed.html');
    try {
      await expect(page.locator('details.correlation summary .meta').innerText()).resolves.toBe(
        '2 calls · $0.000072 · 1.00 s work · 1.00 s wall · 300 tok · critical path 2 calls · 25% waiting on first tokens',
      );
    } finally {
      await close();
    }
  }, 60_000);

  it('draws a sortable table per --group-by grouping', async () => {
    const { page, errors, close } = await openReport(
      ['--group-by', 'model', '--group-by', 'user,feature', FIXTURE],
      'groups.html',
    );
    try {
      const table = (by: string) =>
        page.$$eval(`section.grouping[data-group-by="${by}"] tr`, (rows) =>
          rows.map((row) => Array.from(row.querySelectorAll('th, td'), (cell) => cell.textContent)),
        );
      const heading = ['calls', 'errors', 'cost', 'tokens', 'p50', 'p95', 'max', 'wasted'];
      const sonnet = [
        'claude-sonnet-4-5',
        '2',
        '1',
        '≥$0.0087',
        '≥1,300 tok',
        '250 ms',
        '1.90 s',
        '1.90 s',
        '$0',
      ];
      const gpt4o = ['gpt-4o', '1', '0', '$0.0024', '620 tok', '1.20 s', '1.20 s', '1.20 s', '$0'];
      const mini = [
        'gpt-4o-mini',
        '4',
        '0',
        '≥$0.00016',
        '970 tok',
        '400 ms',
        '700 ms',
        '700 ms',
        '$0',
      ];
      expect(await table('model')).toEqual([['model', ...heading], sonnet, gpt4o, mini]);
      expect(await table('user,feature')).toEqual([
        ['user', 'feature', ...heading],
        [
          'u-42',
          'research',
          '7',
          '1',
          '≥$0.0113',
          '≥2,890 tok',
          '650 ms',
          '1.90 s',
          '1.90 s',
          '$0',
        ],
      ]);
      const calls = page.locator(
        'section.grouping[data-group-by="model"] button[data-sort="calls"]',
      );
      await calls.click(); // numbers: largest first
      expect((await table('model')).slice(1)).toEqual([mini, sonnet, gpt4o]);
      await calls.click();
      expect((await table('model')).slice(1)).toEqual([gpt4o, sonnet, mini]);
      await page
        .locator('section.grouping[data-group-by="model"] button[data-sort="model"]')
        .click();
      expect((await table('model')).slice(1)).toEqual([sonnet, gpt4o, mini]);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 60_000);
});
