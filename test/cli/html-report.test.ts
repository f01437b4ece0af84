import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenedPage, openInChromium } from '../helpers/browser.js';
import { runCli } from '../helpers/cli.js';

const FIXTURE = 'test/cli/fixtures/agent.ndjson';
const A = '4bf92f3577b34da6a3ce929d0e0e4736';
const B = 'c0ffee00c0ffee00c0ffee00c0ffee00';
const ARTIFACTS = resolve('test-artifacts');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'leanllm-report-'));
  await mkdir(ARTIFACTS, { recursive: true });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Writes the report of `log` with `-o` and opens it from disk. */
async function openReport(log: string, name: string): Promise<OpenedPage & { file: string }> {
  const file = join(dir, name);
  const result = await runCli(['--format', 'html', '-o', file, log]);
  expect(result).toEqual({ status: 0, stdout: '', stderr: '' });
  return { ...(await openInChromium(pathToFileURL(file).href)), file };
}

/** Each drawn call of a correlation: id, bar place and size within its track (0..1), indent. */
function callsOf(page: Page, correlationId: string) {
  return page.$$eval(`details.correlation[data-correlation="${correlationId}"] .call`, (rows) =>
    rows.map((row) => {
      const track = (row.querySelector('.track') as HTMLElement).getBoundingClientRect();
      const bar = (row.querySelector('.bar') as HTMLElement).getBoundingClientRect();
      const label = row.querySelector('.label') as HTMLElement;
      return {
        id: row.getAttribute('data-event-id'),
        model: row.querySelector('.model')?.textContent,
        start: (bar.left - track.left) / track.width,
        duration: bar.width / track.width,
        indent: Number.parseFloat(label.style.paddingLeft),
        colour: (row.querySelector('.bar') as HTMLElement).style.background,
      };
    }),
  );
}

describe('leanllm-logs --format html, in chromium', () => {
  it('draws a waterfall per correlation: a bar per call, in tree order, placed by start and latency', async () => {
    const { page, requests, errors, file, close } = await openReport(FIXTURE, 'agent.html');
    try {
      const calls = await callsOf(page, A);
      expect(calls.map((call) => call.id)).toEqual([
        'plan-1',
        'fetch-1',
        'search-1',
        'write-1',
        'write-2',
        'check-1',
      ]);
      // starts 0, 1250, 1300, 2050, 2400, 3800 ms and latencies 1200, 650, 700, 250, 1900, 300 ms
      // in a 4,300 ms correlation
      const wall = 4300;
      const expected = [
        [0, 1200],
        [1250, 650],
        [1300, 700],
        [2050, 250],
        [2400, 1900],
        [3800, 300],
      ];
      for (const [index, call] of calls.entries()) {
        const [start, latency] = expected[index] as [number, number];
        expect(call.start).toBeCloseTo(start / wall, 2);
        expect(call.duration).toBeCloseTo(latency / wall, 2);
      }
      // nested by lineage: plan-1 at the root, its calls one level in, check-1 under write-2
      expect(calls.map((call) => call.indent)).toEqual([10, 28, 28, 28, 28, 46]);
      // coloured by model
      const colour = new Map(calls.map((call) => [call.model, call.colour]));
      expect(new Set(colour.values()).size).toBe(3);
      for (const call of calls) expect(call.colour).toBe(colour.get(call.model));

      expect((await callsOf(page, B)).map((call) => call.id)).toEqual(['solo-1']);
      expect(await page.locator('.card').allInnerTexts()).toEqual([
        'CORRELATIONS\n2',
        'LLM CALLS\n7',
        'COST\n≥$0.0113',
        'TOKENS\n≥2,890 tok',
        'WORK TIME\n5.40 s',
        'ERRORS\n1',
      ]);
      // nothing but the file itself was asked for: no font, no script, no image from anywhere
      expect(requests).toEqual([pathToFileURL(file).href]);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 60_000);

  it("expands a call's details on click: fields, tool calls with their arguments, the error", async () => {
    const { page, close } = await openReport(FIXTURE, 'agent.html');
    try {
      const details = (id: string) => page.locator(`.call[data-event-id="${id}"] + .call-details`);
      await expect(details('write-1').isVisible()).resolves.toBe(false);
      await page.locator('.call[data-event-id="write-1"]').click();
      await expect(details('write-1').isVisible()).resolves.toBe(true);
      await expect(details('write-1').locator('.error').innerText()).resolves.toBe(
        'RateLimitError (HTTP 429)\n429 Too Many Requests',
      );
      await page.locator('.call[data-event-id="plan-1"]').click();
      await expect(
        details('plan-1').locator('.tools li .tool-name').allInnerTexts(),
      ).resolves.toEqual(['search', 'fetch_page']);
      await expect(details('plan-1').locator('.tools pre').allInnerTexts()).resolves.toEqual([
        '{\n  "q": "pino transports"\n}',
        '{"url":"https://getpino.io"', // not valid JSON: shown as the provider sent it
      ]);
      const fields = await details('plan-1').locator('dt').allInnerTexts();
      expect(fields.slice(0, 4)).toEqual(['Event id', 'Provider', 'Operation', 'Status']);
      await page.screenshot({ path: join(ARTIFACTS, 'html-report.png'), fullPage: true });
      await page.locator('.call[data-event-id="write-1"]').click();
      await expect(details('write-1').isVisible()).resolves.toBe(false);
    } finally {
      await close();
    }
  }, 60_000);

  it('sorts the correlations table by the heading clicked, largest first, then the other way', async () => {
    const { page, close } = await openReport(FIXTURE, 'agent.html');
    try {
      const order = () =>
        page.$$eval('table.correlations tbody tr', (rows) =>
          rows.map((row) => row.getAttribute('data-correlation')),
        );
      expect(await order()).toEqual([A, B]);
      await page.locator('button[data-sort="cost"]').click();
      expect(await order()).toEqual([A, B]);
      await expect(
        page.locator('th:has(button[data-sort="cost"])').getAttribute('aria-sort'),
      ).resolves.toBe('descending');
      await page.locator('button[data-sort="cost"]').click();
      expect(await order()).toEqual([B, A]);
      await page.locator('button[data-sort="start"]').click();
      expect(await order()).toEqual([A, B]);
      await page.locator('button[data-sort="id"]').click();
      expect(await order()).toEqual([A, B]);
      await page.locator('button[data-sort="id"]').click();
      expect(await order()).toEqual([B, A]);
      await page.locator('table.correlations tbody tr').first().click();
      await expect(
        page.locator(`details.correlation[data-correlation="${B}"]`).getAttribute('open'),
      ).resolves.toBe('');
    } finally {
      await close();
    }
  }, 60_000);

  it('shows markup from the log as text: no element, script or request comes from a log line', async () => {
    const hostile = '</script><script>window.pwned=1</script><img src=x onerror="window.pwned=2">';
    const line = {
      level: 30,
      time: Date.UTC(2026, 10, 23, 10, 0, 1),
      correlation_id: '"><svg onload="window.pwned=3">',
      section_path: '<b>agent</b>',
      event: 'llm.call',
      event_version: 1,
      event_id: '<iframe src="https://example.com">',
      model: hostile,
      provider: '<style>*{display:none}</style>',
      status: 'error',
      error: { type: '<script>window.pwned=4</script>', message: '<!-- <script>', status: 500 },
      latency_ms: 100,
      tool_calls: [
        {
          id: '<u>',
          name: '<a href="javascript:alert(1)">x</a>',
          arguments: '{"q":"<img src=y onerror=window.pwned=5>"}',
        },
      ],
      msg: 'llm.call',
    };
    const log = join(dir, 'hostile.ndjson');
    await writeFile(log, `${JSON.stringify(line)}\n`);
    const { page, requests, errors, file, close } = await openReport(log, 'hostile.html');
    try {
      const html = await readFile(file, 'utf8');
      expect(html).not.toContain('<img');
      expect(html).not.toContain('<svg');
      expect(html.match(/<script/g)).toHaveLength(2); // the data and the page's own script
      await page.locator('.call').click();
      expect(await page.locator('.call .model').innerText()).toBe(hostile);
      expect(await page.locator('.call-details .error strong').innerText()).toBe(
        '<script>window.pwned=4</script> (HTTP 500)',
      );
      expect(await page.locator('.tools pre').innerText()).toBe(
        '{\n  "q": "<img src=y onerror=window.pwned=5>"\n}',
      );
      expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBe(
        undefined,
      );
      const foreign = await page.$$eval(
        '#app img, #app svg, #app iframe, #app a, #app b, #app u, #app style, #app script',
        (nodes) => nodes.length,
      );
      expect(foreign).toBe(0);
      expect(requests).toEqual([pathToFileURL(file).href]);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 60_000);
});
