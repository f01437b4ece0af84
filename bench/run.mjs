// Runs the benchmarks in bench/*.bench.mjs (or those named on the command line) against the
// built package, and writes each one's results into its own section of bench/RESULTS.md,
// headed by the machine, Node and pino versions of the run.
//
// A bench file exports `description` and `groups`: named async functions, each returning one
// or more comparisons. Every group runs in a fresh Node process, so one group's JIT state
// (inline caches warmed on other loggers) cannot colour another's figures.
//
//   npm run bench                 # every benchmark
//   npm run bench -- pino-lines   # only bench/pino-lines.bench.mjs
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { formatComparison } from './harness.mjs';

const self = fileURLToPath(import.meta.url);

if (process.argv[2] === '--group') {
  const [, , , file, group] = process.argv;
  const { groups } = await import(`./${file}`);
  const result = await groups[group]();
  process.stdout.write(JSON.stringify(Array.isArray(result) ? result : [result]));
  process.exit(0);
}

const here = fileURLToPath(new URL('.', import.meta.url));
const resultsFile = new URL('./RESULTS.md', import.meta.url);
const require = createRequire(import.meta.url);

const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((file) => file.endsWith('.bench.mjs'))
  .filter((file) => wanted.length === 0 || wanted.includes(file.replace('.bench.mjs', '')))
  .sort();

const machine = () => {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return [
    `- date: ${new Date().toISOString()}`,
    `- machine: ${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}`,
    `- node: ${process.version}, pino: ${require('pino/package.json').version}, leanllm-context: ${require('../package.json').version}`,
  ].join('\n');
};

const render = (results) =>
  results
    .map((result) =>
      typeof result.markdown === 'string' ? result.markdown : formatComparison(result),
    )
    .join('\n');

let document;
try {
  document = readFileSync(resultsFile, 'utf8');
} catch {
  document =
    '# Benchmark results\n\nWritten by `npm run bench` (bench/run.mjs). Ratios compare scenarios measured interleaved in one process; absolute figures vary from machine to machine.\n';
}

for (const file of files) {
  const name = file.replace('.bench.mjs', '');
  const { description, groups, notes } = await import(`./${file}`);
  const results = [];
  for (const group of Object.keys(groups)) {
    process.stdout.write(`running ${name} / ${group}...\n`);
    const output = execFileSync(process.execPath, [self, '--group', file, group], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 64 * 2 ** 20,
    });
    const groupResults = JSON.parse(output);
    process.stdout.write(`${render(groupResults)}\n`);
    results.push(...groupResults);
  }
  const body = [`## ${name}`, description ?? '', machine(), render(results), notes ?? '']
    .filter(Boolean)
    .join('\n\n');
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const section = `${start}\n${body.trimEnd()}\n${end}`;
  const at = document.indexOf(start);
  document =
    at === -1
      ? `${document.trimEnd()}\n\n${section}\n`
      : `${document.slice(0, at)}${section}${document.slice(document.indexOf(end) + end.length)}`;
  writeFileSync(resultsFile, document);
}
