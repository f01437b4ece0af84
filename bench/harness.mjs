// Interleaved comparison: each round measures every scenario once (mitata's measure), in a
// rotated order, so drift and noise on a shared machine hit all scenarios alike. The figure
// per scenario is the median over rounds of mitata's per-round median (p50, ns per op).
import { measure } from 'mitata';

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/**
 * @param {string} title
 * @param {Array<{ name: string, fn: () => unknown, scope?: (body: () => Promise<unknown>) => Promise<unknown> }>} scenarios
 *   `scope`, when given, wraps the whole measurement (to run it inside a context).
 * @param {{ rounds?: number, baseline?: string, minCpuTimeMs?: number }} [options]
 * @returns {Promise<{ title: string, baseline: string, rows: Array<{ name: string, ns: number, ratio: number }> }>}
 */
export async function compareInterleaved(title, scenarios, options = {}) {
  const rounds = options.rounds ?? 7;
  const baseline = options.baseline ?? scenarios[0].name;
  const samples = new Map(scenarios.map((s) => [s.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < scenarios.length; i++) {
      const scenario = scenarios[(i + round) % scenarios.length];
      const body = () =>
        measure(scenario.fn, { min_cpu_time: (options.minCpuTimeMs ?? 150) * 1e6 });
      const stats = await (scenario.scope ? scenario.scope(body) : body());
      samples.get(scenario.name).push(stats.p50);
    }
  }
  const base = median(samples.get(baseline));
  const rows = scenarios.map((s) => {
    const ns = median(samples.get(s.name));
    return { name: s.name, ns, ratio: ns / base };
  });
  return { title, baseline, rows };
}

/** Markdown table of a comparison. */
export function formatComparison({ title, baseline, rows }) {
  const lines = [
    `### ${title}`,
    '',
    `| scenario | ns/op (median) | vs ${baseline} |`,
    '|---|---:|---:|',
    ...rows.map((r) => `| ${r.name} | ${r.ns.toFixed(1)} | ${r.ratio.toFixed(2)}x |`),
    '',
  ];
  return lines.join('\n');
}

/**
 * A markdown list of what each scenario adds over its own baseline, in µs: `pairs` are
 * `[scenario, baseline]` names of rows of `result`.
 */
export function addedPerCall(result, pairs) {
  const ns = (name) => result.rows.find((row) => row.name === name).ns;
  const lines = pairs.map(
    ([name, baseline]) =>
      `- ${name}: **${((ns(name) - ns(baseline)) / 1000).toFixed(2)} µs** more than "${baseline}"`,
  );
  return { markdown: ['Added per call:', '', ...lines, ''].join('\n') };
}
