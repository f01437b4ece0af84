import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scriptSafeJson } from '../../src/cli/render-html.js';
import { runCli } from '../helpers/cli.js';

describe('the HTML report, as text', () => {
  it('scriptSafeJson: no <, > or & survives, and the JSON reads back to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: 'binary' }), (value, text) => {
        for (const input of [value, { text }, [text, value]]) {
          const json = scriptSafeJson(input);
          expect(json).not.toMatch(/[<>&\u2028\u2029]/);
          expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(input)));
        }
      }),
    );
  });

  it('is one document with its style and script inline, allowed by hash, and no URL', async () => {
    const { status, stdout } = await runCli(['--format', 'html', 'test/cli/fixtures/agent.ndjson']);
    expect(status).toBe(0);
    expect(stdout.startsWith('<!doctype html>\n')).toBe(true);
    expect(stdout.endsWith('</html>\n')).toBe(true);
    expect(stdout).toMatch(
      /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; script-src 'sha256-[A-Za-z0-9+/]+=*'">/,
    );
    expect(stdout).not.toMatch(/\b(?:src|href)=|https?:\/\/(?!getpino\.io)|@import|url\(/);
    const data = stdout.match(
      /<script type="application\/json" id="report-data">(.*?)<\/script>/s,
    )?.[1];
    const report = JSON.parse(data as string);
    expect(
      report.graphs.map((graph: { id: string; calls: number }) => [graph.id, graph.calls]),
    ).toEqual([
      ['4bf92f3577b34da6a3ce929d0e0e4736', 6],
      ['c0ffee00c0ffee00c0ffee00c0ffee00', 1],
    ]);
  });
});
