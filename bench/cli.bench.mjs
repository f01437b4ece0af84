// leanllm-logs --format summary on a 1,000,000-line pino log (80% ordinary lines, 20% llm.call
// events in correlations of 1-30 calls, interleaved) with one reading thread and with two, against
// `jq -c 'select(.event=="llm.call")'` on the same file (which only filters: it builds no graph),
// jq grouping the events by correlation with their cost, and on the same log gzipped. Each command runs as its own
// process under /usr/bin/time (wall time, CPU and peak RSS), all interleaved round after round so
// that load on the machine hits them alike.
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync } from 'node:fs';
import { loadavg } from 'node:os';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { generateLog } from './log-generator.mjs';

const LINES = 1_000_000;
const SEED = 42;
const ROUNDS = 3;
const data = fileURLToPath(new URL('./data/', import.meta.url));
const bin = fileURLToPath(new URL('../dist/cli/bin.js', import.meta.url));
const plain = `${data}pino-${LINES}-seed${SEED}.ndjson`;
const gzipped = `${plain}.gz`;

async function ensureData() {
  mkdirSync(data, { recursive: true });
  if (!existsSync(plain)) {
    await generateLog(`${plain}.tmp`, { lines: LINES, seed: SEED });
    renameSync(`${plain}.tmp`, plain);
  }
  if (!existsSync(gzipped)) {
    await pipeline(createReadStream(plain), createGzip(), createWriteStream(`${gzipped}.tmp`));
    renameSync(`${gzipped}.tmp`, gzipped);
  }
}

/** Runs a command under /usr/bin/time; stdout is counted (lines) or dropped. */
function timed(command, args) {
  // /usr/bin/time measures the command it runs and its children (a shell that execs is the same process)
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-f', '%e %U %S %M', command, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let lines = 0;
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      for (const byte of chunk) if (byte === 10) lines++;
      if (stdout.length < 4096) stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (status) => {
      const last = stderr.trim().split('\n').pop() ?? '';
      const [wall, user, system, rssKb] = last.split(' ').map(Number);
      if (status !== 0 || !Number.isFinite(rssKb)) {
        reject(new Error(`${command} ${args.join(' ')} failed (${status}): ${stderr}`));
        return;
      }
      resolve({ wall, cpu: user + system, rssMb: rssKb / 1024, lines, stdout });
    });
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const SCENARIOS = [
  [
    'jq -c \'select(.event=="llm.call")\'',
    () => timed('/usr/bin/jq', ['-c', 'select(.event=="llm.call")', plain]),
  ],
  [
    'jq -n \'[inputs|select(.event=="llm.call")] | group_by(.correlation_id) | map(cost per group)\'',
    () =>
      timed('/usr/bin/jq', [
        '-n',
        '[inputs|select(.event=="llm.call")|{c: .correlation_id, cost}] | group_by(.c) | map({c: .[0].c, cost: (map(.cost) | add)}) | length',
        plain,
      ]),
  ],
  [
    'leanllm-logs --format summary --jobs 1',
    () => timed(process.execPath, [bin, '--format', 'summary', '--jobs', '1', plain]),
  ],
  [
    'leanllm-logs --format summary --jobs 2',
    () => timed(process.execPath, [bin, '--format', 'summary', '--jobs', '2', plain]),
  ],
  [
    'leanllm-logs --format summary --jobs 1 (.gz)',
    () => timed(process.execPath, [bin, '--format', 'summary', '--jobs', '1', gzipped]),
  ],
  [
    'leanllm-logs --format summary --jobs 2 (.gz)',
    () => timed(process.execPath, [bin, '--format', 'summary', '--jobs', '2', gzipped]),
  ],
  [
    'leanllm-logs --format summary --jobs 2 < file (stdin)',
    () =>
      timed('/bin/sh', [
        '-c',
        `exec "$0" "$1" --format summary --jobs 2 < "$2"`,
        process.execPath,
        bin,
        plain,
      ]),
  ],
];

export const description = `\`leanllm-logs --format summary\` on a generated ${LINES.toLocaleString('en-US')}-line pino log (seed ${SEED}; 80% ordinary lines, 20% \`llm.call\` events in correlations of 1-30 calls, interleaved): with one reading thread (\`--jobs 1\`: the main thread reads) and two (\`--jobs 2\`: the main thread reads the first 47.5% of the file and takes every range into the call table, one worker reads the rest in 16 MB pieces); the same log gzipped, read on the main thread (\`--jobs 1\`) and as a pipeline (\`--jobs 2\`: the main thread gunzips and cuts blocks, a worker splits and parses them); and piped into stdin (the same pipeline). Against \`jq -c 'select(.event=="llm.call")'\` (which only filters: it builds nothing) and jq grouping the events by correlation with their summed cost (\`group_by\`; jq 1.6's \`reduce\` into an object took minutes). Targets: \`--jobs 2\` at least 8x faster than jq select; \`--jobs 1\` no slower than before; peak RSS under 200 MB. Each command is its own process under /usr/bin/time; all run interleaved for ${ROUNDS} rounds; figures are medians (RSS: the largest).`;

export const groups = {
  'summary vs jq': async () => {
    await ensureData();
    const loadAtStart = loadavg()
      .map((n) => n.toFixed(1))
      .join(', ');
    const samples = new Map(SCENARIOS.map(([name]) => [name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < SCENARIOS.length; i++) {
        const [name, run] = SCENARIOS[(i + round) % SCENARIOS.length];
        samples.get(name).push(await run());
      }
    }
    const [jqName, , plainName, twoName] = SCENARIOS.map(([name]) => name);
    const jqWall = median(samples.get(jqName).map((s) => s.wall));
    const plainWall = median(samples.get(plainName).map((s) => s.wall));
    const events = samples.get(jqName)[0].lines;
    const summary = samples.get(plainName)[0].stdout;
    const counted = /([\d,]+) events/.exec(summary)?.[1]?.replaceAll(',', '');
    const rows = SCENARIOS.map(([name]) => {
      const runs = samples.get(name);
      const wall = median(runs.map((s) => s.wall));
      const cpu = median(runs.map((s) => s.cpu));
      const rss = Math.max(...runs.map((s) => s.rssMb));
      return `| ${name.replaceAll('|', '\\|')} | ${wall.toFixed(2)} | ${cpu.toFixed(2)} | ${(jqWall / wall).toFixed(1)}x | ${(wall / plainWall).toFixed(2)}x | ${rss.toFixed(0)} |`;
    });
    const wallOf = (name) => median(samples.get(name).map((s) => s.wall));
    const cpuOf = (name) => median(samples.get(name).map((s) => s.cpu));
    const agree =
      new Set(SCENARIOS.slice(2).map(([name]) => samples.get(name)[0].stdout)).size === 1;
    const markdown = [
      '### summary vs jq, 1,000,000 lines',
      '',
      '| command | wall s (median) | CPU s (median) | speed vs jq select | vs --jobs 1 | peak RSS MB (max) |',
      '|---|---:|---:|---:|---:|---:|',
      ...rows,
      '',
      `jq selected ${events.toLocaleString('en-US')} llm.call lines; leanllm-logs counted ${Number(counted).toLocaleString('en-US')} events (they must agree). The leanllm-logs runs (every row below jq) printed ${agree ? 'the same summary' : 'DIFFERENT summaries'}. The plain file is ${plain.split('/').pop()}; the .gz is the same log at gzip's default level.`,
      '',
      `Scaling from one reading thread to two: wall ${(wallOf(plainName) / wallOf(twoName)).toFixed(2)}x, CPU ${(cpuOf(twoName) / cpuOf(plainName)).toFixed(2)}x of --jobs 1's. Load average when the run started: ${loadAtStart}; when it ended: ${loadavg()
        .map((n) => n.toFixed(1))
        .join(', ')} (2 cores).`,
      '',
    ].join('\n');
    return { markdown };
  },
};

export const notes = `Where the time goes. Every reading thread (the main thread, and each worker with \`--jobs 2\`) copies its bytes, a megabyte at a time, into a WebAssembly module that finds the line breaks and the text \`llm.call\` 16 bytes a step (SIMD) and counts the 800,000 ordinary lines itself (blank, or shaped as a JSON object without \`llm.call\`: never decoded). Each \`llm.call\` line is copied into a second module, which checks the JSON and notes where each field's value is, 16 bytes a step, most keys found by one comparison with the key that followed the one before on the last line; then each field goes into a compact record (numbers as numbers, read from their digits; repeated strings such as models and correlation ids stored once; ids copied as bytes; tool calls the summary does not show only checked, in the module); a line the scan cannot settle is decoded and \`JSON.parse\`d. The main thread turns each record into a short-lived event (one generated object literal per record) and takes it into the call table (columns, not an object per call; the ids filed in a hash table of typed arrays), linking each call to a parent logged before it; then it links the rest and rolls the subtrees and the graphs up in typed arrays shared by all graphs, and the summary reads its totals, its order and its model rows from the columns, making the nodes of its top 10 correlations only. The reading divides by the number of threads; taking the records into the table does not, nor do the build and the summary after reading (about 90 ms and 33 ms at 200,000 calls, timed inside a run), nor the start (about 80 ms before the first byte is read, most of it Node's own: \`node -e 0\` takes 60-80 ms here), and neither does gunzip (one thread of libuv's pool) for \`.gz\`. So on 8 or 16 cores the reading part would shrink by the number of threads while the rest stays: an estimate from the split of the time, not a measurement (a \`--jobs\` above the core count only shares the same cores). Peak RSS is Node itself (about 40 MB), the call table of 200,000 calls with its id strings and id index (about 70 MB of heap), the young generation, and with two threads what the worker held while it read. On this 2-core machine timings vary by 10-20% from run to run (a shared virtual machine): compare rows of one table only.`;
