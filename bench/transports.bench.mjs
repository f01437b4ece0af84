// What an llm.call line costs the application thread, and what the transports sustain, with pino
// writing to: a plain file destination (pino.destination, sync: false), pino's own `pino/file`
// transport, `leanllm-context/pretty` and `leanllm-context/otlp` (to a loopback OTLP/HTTP receiver
// that answers 200). The targets are loaded by package name, as an application names them: from
// bench/ the name resolves to this checkout's dist/ (checked), so the built package is measured.
//
// The application runs in a child process and the receiver in the bench's own process: pino
// blocks the main thread while a transport closes (and mitata's measuring loop keeps it busy), so
// a receiver in the application's process could not answer; the child's stderr carries the
// transport's LEANLLM_OTLP_DROPPED line. This file is also that child's script (see the end).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { logLlmCall, trace, withContext } from '../dist/index.js';
import { CALL_CONTEXT } from './context-fields.mjs';
import { compareInterleaved } from './harness.mjs';

const self = fileURLToPath(import.meta.url);
const require = createRequire(import.meta.url);

/** Calls logged in each end-to-end run. */
const CALLS = 20_000;
const THROUGHPUT_REPEATS = 3;
const COST_ROUNDS = 7;
/** Calls per scenario and round in the paced table, one per timer tick. */
const PACED_CALLS = 400;

// The call and context of track-llm-call's "logLlmCall in trace() + 7-field context" row.
const CONTEXT = CALL_CONTEXT;
const CALL = {
  model: 'gpt-4o-mini',
  provider: 'openai',
  latencyMs: 812.3,
  inputTokens: 1250,
  outputTokens: 42,
  cacheReadTokens: 1024,
};
const inTraceAndContext = (body) => trace(() => withContext(CONTEXT, body));

const FILE = '(a) pino.destination, sync: false';
const PRETTY = '(b) leanllm-context/pretty';
const OTLP = '(c) leanllm-context/otlp';
const PINO_FILE = '(d) pino/file transport';
const TURN_ONLY = 'no line: the event-loop turn alone';
const TICK_ONLY = 'no line: the timer tick alone';
const OTLP_BIG_QUEUE = '(c) leanllm-context/otlp, batch.maxQueue 20000';

/** Milliseconds on a clock both processes share. */
const now = () => performance.timeOrigin + performance.now();

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const load = () =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(', ');

// ---------------------------------------------------------------------------------------------
// The receiver (bench process)

const transformer = require.resolve('@opentelemetry/otlp-transformer');
const { opentelemetry } = require(transformer.replace(/index\.js$/, 'generated/root.js'));
const ExportTraceServiceRequest = opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/** The span ids of an OTLP/HTTP request body, protobuf or JSON. */
function spanIdsOf(body, contentType) {
  const request = contentType.includes('json')
    ? JSON.parse(body.toString('utf8'))
    : ExportTraceServiceRequest.decode(body);
  const ids = [];
  for (const resource of request.resourceSpans ?? []) {
    for (const scope of resource.scopeSpans ?? []) {
      for (const span of scope.spans ?? []) {
        ids.push(
          typeof span.spanId === 'string' ? span.spanId : Buffer.from(span.spanId).toString('hex'),
        );
      }
    }
  }
  return ids;
}

/**
 * A loopback OTLP/HTTP receiver answering 200 to POST /v1/traces. With `decode`, it decodes each
 * body and keeps the distinct span ids and when the last one arrived; else it only counts.
 */
async function startReceiver({ decode }) {
  const fresh = () => ({
    requests: 0,
    bytes: 0,
    spans: new Set(),
    lastSpanAt: 0,
    contentTypes: new Set(),
  });
  let state = fresh();
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method !== 'POST' || request.url !== '/v1/traces') {
        response.writeHead(404).end();
        return;
      }
      const body = Buffer.concat(chunks);
      const contentType = request.headers['content-type'] ?? '';
      state.requests++;
      state.bytes += body.length;
      state.contentTypes.add(contentType);
      if (decode) {
        for (const id of spanIdsOf(body, contentType)) state.spans.add(id);
        state.lastSpanAt = now();
      }
      const json = contentType.includes('json');
      response.writeHead(200, {
        'content-type': json ? 'application/json' : 'application/x-protobuf',
      });
      response.end(json ? '{}' : '');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/v1/traces`,
    state: () => state,
    reset() {
      state = fresh();
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** The transport's drops line, if the child wrote one. */
function dropsIn(stderr) {
  const match =
    /\[LEANLLM_OTLP_DROPPED\] Warning: leanllm-context: (\d+) of (\d+) spans not delivered to \S+: (.*)$/m.exec(
      stderr,
    );
  return match === null
    ? { dropped: 0, of: undefined, reasons: '' }
    : { dropped: Number(match[1]), of: Number(match[2]), reasons: match[3] };
}

/** Runs this file as the application; resolves with its JSON answer and its stderr. */
async function runApp(args) {
  // OTEL_* variables would change the transport's defaults (protocol, endpoint): measure the defaults
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('OTEL_')),
  );
  const child = spawn(process.execPath, [self, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 300_000,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const [code, signal] = await once(child, 'exit');
  if (code !== 0) throw new Error(`${args.join(' ')} failed (${code ?? signal}): ${stderr}`);
  // the stdio streams may still hold the last bytes
  if (!child.stdout.closed) await once(child.stdout, 'close');
  if (!child.stderr.closed) await once(child.stderr, 'close');
  return { answer: JSON.parse(stdout), stderr };
}

// ---------------------------------------------------------------------------------------------
// The groups (bench process)

const costGroup = (mode) => async () => {
  const receiver = await startReceiver({ decode: false });
  const loadAtStart = load();
  try {
    const { answer, stderr } = await runApp([mode, receiver.url]);
    const { requests, bytes, contentTypes } = receiver.state();
    const drops = dropsIn(stderr);
    const sent = `The receiver answered ${requests.toLocaleString('en-US')} requests (${(bytes / 2 ** 20).toFixed(1)} MiB, ${[...contentTypes].join(', ')}); the otlp transport reported ${
      drops.dropped === 0
        ? 'no drops'
        : `${drops.dropped.toLocaleString('en-US')} of ${drops.of?.toLocaleString('en-US')} spans not delivered: ${drops.reasons}`
    }. Load average at start: ${loadAtStart}; at the end: ${load()} (${availableParallelism()} cores).`;
    const ns = (name) => answer.rows.find((row) => row.name === name).ns;
    const added = [PRETTY, OTLP, PINO_FILE].map((name) => {
      const us = (ns(name) - ns(FILE)) / 1000;
      return `- ${name}: **${us >= 0 ? '+' : '−'}${Math.abs(us).toFixed(2)} µs** per call against (a)`;
    });
    return [answer, { markdown: ['Against (a):', '', ...added, '', sent, ''].join('\n') }];
  } finally {
    await receiver.close();
  }
};

const THROUGHPUT = [FILE, PINO_FILE, PRETTY, OTLP, OTLP_BIG_QUEUE];

async function throughputGroup() {
  const receiver = await startReceiver({ decode: true });
  const directory = mkdtempSync(join(tmpdir(), 'leanllm-transports-bench-'));
  const loadAtStart = load();
  const samples = new Map(THROUGHPUT.map((name) => [name, []]));
  const problems = [];
  try {
    for (let round = 0; round < THROUGHPUT_REPEATS; round++) {
      for (let i = 0; i < THROUGHPUT.length; i++) {
        const name = THROUGHPUT[(i + round) % THROUGHPUT.length];
        const file = join(directory, `run-${round}-${i}.log`);
        receiver.reset();
        const { answer: t, stderr } = await runApp([
          'throughput',
          receiver.url,
          String(THROUGHPUT.indexOf(name)),
          file,
        ]);
        const otlp = name === OTLP || name === OTLP_BIG_QUEUE;
        const drops = dropsIn(stderr);
        let delivered;
        let doneAt;
        if (otlp) {
          const { spans, lastSpanAt, contentTypes } = receiver.state();
          delivered = spans.size;
          doneAt = Math.max(lastSpanAt, t.flushedAt);
          if (delivered + drops.dropped !== CALLS) {
            problems.push(
              `${name}, run ${round + 1}: ${delivered} spans arrived and ${drops.dropped} were reported dropped, for ${CALLS} calls`,
            );
          }
          t.contentType = [...contentTypes].join(', ');
        } else {
          delivered = readFileSync(file, 'utf8').split('\n').length - 1;
          doneAt = t.closedAt;
          if (delivered !== CALLS) {
            problems.push(`${name}, run ${round + 1}: ${delivered} lines written of ${CALLS}`);
          }
          rmSync(file);
        }
        samples.get(name).push({
          app: t.loopEndAt - t.startAt,
          done: doneAt - t.startAt,
          delivered,
          drops,
          cpu: t.cpuMs,
          contentType: t.contentType,
        });
      }
    }
  } finally {
    await receiver.close();
    rmSync(directory, { recursive: true, force: true });
  }
  const of = (name, key) => median(samples.get(name).map((s) => s[key]));
  const delivering = (name) => median(samples.get(name).map((s) => (s.delivered / s.done) * 1000));
  const each = (runs, count) => runs.map((s) => count(s).toLocaleString('en-US')).join(' / ');
  const rows = THROUGHPUT.map((name) => {
    const runs = samples.get(name);
    const handled = median(runs.map((s) => (CALLS / s.done) * 1000));
    return `| ${name} | ${of(name, 'app').toFixed(0)} | ${of(name, 'done').toFixed(0)} | ${Math.round(handled).toLocaleString('en-US')} | ${each(runs, (s) => s.delivered)} | ${each(runs, (s) => s.drops.dropped)} | ${Math.round(delivering(name)).toLocaleString('en-US')} | ${(delivering(name) / delivering(FILE)).toFixed(2)}x | ${of(name, 'cpu').toFixed(0)} |`;
  });
  const reasons = [OTLP, OTLP_BIG_QUEUE]
    .flatMap((name) =>
      samples
        .get(name)
        .filter((s) => s.drops.dropped > 0)
        .map((s) => `${name}: ${s.drops.reasons}`),
    )
    .slice(0, 3);
  const markdown = [
    `### End to end: ${CALLS.toLocaleString('en-US')} calls logged in one synchronous loop, then logger.flush() and the transport's end`,
    '',
    '| scenario | app loop ms | complete ms | lines handled /s | delivered (each run) | dropped (each run) | delivered /s | vs (a) | process CPU ms |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    `Medians of ${THROUGHPUT_REPEATS} runs, each a fresh process, scenarios rotated round after round. All times from the first call: "app loop" is the loop of ${CALLS.toLocaleString('en-US')} \`logLlmCall\`s on the application thread; "complete" is, for a file, when the destination had closed (the output fully written: its lines are counted, ${CALLS.toLocaleString('en-US')} expected); for otlp, when the receiver had decoded the last span (distinct span ids counted) or, if later, when \`logger.flush(cb)\` called back (every span delivered or dropped). "lines handled" is ${CALLS.toLocaleString('en-US')} over "complete" (for otlp, dropped lines included); "delivered /s" is what was written or received over "complete". "process CPU" is the application process's CPU time (all its threads, the transport's worker included) from the first call to the close. The otlp requests arrived as ${[...new Set(samples.get(OTLP).map((s) => s.contentType))].join(', ')}.`,
    '',
    ...(reasons.length > 0
      ? [`Drop reports: ${reasons.map((r) => `"${r}"`).join('; ')}.`, '']
      : []),
    ...(problems.length > 0 ? [`Mismatches: ${problems.join('; ')}.`, ''] : []),
    `Load average at start: ${loadAtStart}; at the end: ${load()} (${availableParallelism()} cores).`,
    '',
  ].join('\n');
  return { markdown };
}

export const description = `What the application thread pays per \`llm.call\` line, and what each transport sustains, with pino writing to: (a) \`pino.destination\` (sync: false; /dev/null, or a file end to end), (b) \`transport: { target: 'leanllm-context/pretty' }\` (colorize off; /dev/null or a file), (c) \`transport: { target: 'leanllm-context/otlp', options: { url } }\` with its default options, to a loopback receiver in the bench's process that answers 200 (protobuf, as \`@opentelemetry/otlp-transformer\` is installed here), (d) pino's own \`transport: { target: 'pino/file' }\` (/dev/null or a file). One call is \`logLlmCall\` in \`trace()\` inside the 7-field context of track-llm-call's table (a line of about 700 bytes). The application is a child process; in the cost tables its four loggers live in one process and are measured interleaved (${COST_ROUNDS} rounds, median of the rounds), each scenario ending with \`logger.flush()\` outside the timing so that no worker is still busy when the next one starts. Paced: one call per timer tick (about 1,000 a second, which every transport keeps up with), the main thread's busy time per call read from its event-loop utilization (the call, the transport's hand-off to its worker, I/O callbacks, its share of GC). Flat out: calls back to back with an event-loop turn after each (a transport's stream hands lines to its worker only on a turn), timed by mitata (median of per-round medians). End to end: ${CALLS.toLocaleString('en-US')} calls in one loop, until the output is complete or the receiver has every span.`;

export const groups = {
  'app thread, paced': costGroup('paced'),
  'app thread, flat out': costGroup('flat-out'),
  'end to end': throughputGroup,
};

export const notes = `Reading the figures: on 2 cores the application thread shares the machine with the transport's worker thread (and, for otlp, with the receiver in the bench's process), so a transport whose worker works harder also slows the application thread a little: the cost tables include that, as an application on a small machine would see it. Paced calls cost the main thread several times what they cost back to back: each one runs after the thread has slept (cold caches), and the timer tick alone is in the figure (its row). With (a) each line is a file write whose completion comes back to the main thread as a callback; a transport hands lines to its worker through shared memory. Flat out, a worker slower than the application (pretty's) falls behind: the lines wait in the application's memory (thread-stream queues them: megabytes within seconds) and the main thread copies them over in large chunks; the otlp worker reads every line but cannot send spans that fast, so most of them are dropped (the line under the table). The end-to-end loop logs ${CALLS.toLocaleString('en-US')} calls without yielding: the lines reach the worker after the loop, up to 4 MiB (some 6,000 lines) at a time. With the default \`batch.maxQueue\` (2,048) such a burst loses most of its spans although the receiver answers at once: the worker reads a whole chunk in one synchronous pass, queueing spans until the queue is full and dropping the rest, before the first request of 512 spans can leave; a queue as large as the burst loses none.

Run to run (three runs on the reference 2-core machine, shared with other jobs, on 2026-11-30; the first two under a load average of 4 to 6, the last under 2; this section is the last): the flat-out ratios moved a lot (pretty 0.44x, 1.07x, 0.68x; otlp 1.05x, 1.23x, 0.75x; pino/file 0.97x, 1.10x, 0.81x), so read that table as "about what (a) costs", not as an order; the paced ratios, in the two runs that had that table, moved less (pretty 0.94x and 1.13x, otlp 0.95x and 0.98x, pino/file 0.80x and 0.94x); the end-to-end rates varied by up to 2.4x between the loaded first run and the quiet last (pretty 7,400 to 16,600 lines/s, otlp with a large queue 5,900 to 14,200 spans/s, (a) 39,000 to 61,000 lines/s) and the default otlp queue then delivered 2,048 to 2,560 of the 20,000 spans in each of the nine runs, the rest dropped with the queue full; since the worker waits for room while the receiver accepts, the default queue delivers all 20,000 (this section's run).`;

// ---------------------------------------------------------------------------------------------
// The application (child process)

/** The package's targets must resolve to this checkout's build. */
function checkTargets() {
  const dist = fileURLToPath(new URL('../dist/', import.meta.url));
  for (const target of ['leanllm-context/pretty', 'leanllm-context/otlp']) {
    const resolved = require.resolve(target);
    if (!resolved.startsWith(dist)) {
      throw new Error(`${target} resolves to ${resolved}, not to ${dist}`);
    }
  }
}

/** The destination stream of a scenario, writing to `path`. */
function destinationOf(name, url, path) {
  switch (name) {
    case FILE:
      return pino.destination({ dest: path, sync: false });
    case PRETTY:
      return pino.transport({
        target: 'leanllm-context/pretty',
        options: { destination: path, colorize: false },
      });
    case OTLP:
      return pino.transport({ target: 'leanllm-context/otlp', options: { url } });
    case OTLP_BIG_QUEUE:
      return pino.transport({
        target: 'leanllm-context/otlp',
        options: { url, batch: { maxQueue: CALLS } },
      });
    case PINO_FILE:
      return pino.transport({ target: 'pino/file', options: { destination: path } });
    default:
      throw new Error(`unknown scenario ${name}`);
  }
}

const flushed = (logger) =>
  new Promise((resolve, reject) => logger.flush((error) => (error ? reject(error) : resolve())));

/** Ends a destination (a transport waits for its worker to close; otlp delivers what is queued). */
async function close(stream) {
  const closed = once(stream, 'close');
  stream.ref?.(); // pino unrefs a transport's worker once ready: keep the process up until 'close'
  stream.end();
  await closed;
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** The four loggers of the cost tables, to /dev/null (otlp: to the receiver), once ready. */
async function costLoggers(url) {
  checkTargets();
  const names = [FILE, PRETTY, OTLP, PINO_FILE];
  const streams = names.map((name) => destinationOf(name, url, '/dev/null'));
  await Promise.all(streams.map((stream) => once(stream, 'ready')));
  const loggers = names.map((name, i) => ({ name, logger: pino({}, streams[i]) }));
  const closeAll = async () => {
    for (const stream of streams) await close(stream);
  };
  return { loggers, closeAll };
}

/**
 * Flat out: \`logLlmCall\` then one event-loop turn, back to back (mitata, interleaved). Each
 * scenario's measurement ends with \`logger.flush()\`, outside the timing.
 */
async function appFlatOut(url) {
  const { loggers, closeAll } = await costLoggers(url);
  const result = await compareInterleaved(
    'App thread per logLlmCall, flat out: calls back to back, an event-loop turn after each (/dev/null; otlp: loopback receiver)',
    [
      ...loggers.map(({ name, logger }) => ({
        name,
        fn: async () => {
          logLlmCall(logger, CALL);
          await turn();
        },
        scope: (body) =>
          inTraceAndContext(async () => {
            const stats = await body();
            await flushed(logger);
            return stats;
          }),
      })),
      { name: TURN_ONLY, fn: turn },
    ],
    { baseline: FILE, rounds: COST_ROUNDS },
  );
  await closeAll();
  return result;
}

/**
 * Paced: one \`logLlmCall\` per timer tick (\`setTimeout(1)\`: about 1,000 calls a second, which
 * every transport keeps up with), the main thread's busy time per call read from its event-loop
 * utilization (the time it was not waiting for events: the call, the transport's hand-off, I/O
 * callbacks, its share of GC). Scenarios interleaved round after round; median of the rounds.
 */
async function appPaced(url) {
  const { loggers, closeAll } = await costLoggers(url);
  const scenarios = [...loggers, { name: TICK_ONLY, logger: undefined }];
  const tick = () => new Promise((resolve) => setTimeout(resolve, 1));
  const paced = async (logger, calls) => {
    for (let i = 0; i < calls; i++) {
      await tick();
      if (logger !== undefined) logLlmCall(logger, CALL);
    }
    await tick(); // what the last line set going: the transport's hand-off, a write's callback
  };
  const samples = new Map(scenarios.map(({ name }) => [name, []]));
  for (let round = -1; round < COST_ROUNDS; round++) {
    for (let i = 0; i < scenarios.length; i++) {
      const { name, logger } = scenarios[(i + Math.max(round, 0)) % scenarios.length];
      await inTraceAndContext(async () => {
        const start = performance.eventLoopUtilization();
        await paced(logger, round < 0 ? PACED_CALLS / 4 : PACED_CALLS); // round -1: warm-up
        const { active } = performance.eventLoopUtilization(start);
        if (round >= 0) samples.get(name).push((active * 1e6) / PACED_CALLS);
        if (logger !== undefined) await flushed(logger);
      });
    }
  }
  await closeAll();
  const base = median(samples.get(FILE));
  return {
    title: `App thread per logLlmCall, paced: one call per timer tick (about 1,000/s), main-thread busy time (/dev/null; otlp: loopback receiver)`,
    baseline: FILE,
    rows: scenarios.map(({ name }) => {
      const ns = median(samples.get(name));
      return { name, ns, ratio: ns / base };
    }),
  };
}

async function appThroughput(url, index, path) {
  checkTargets();
  const stream = destinationOf(THROUGHPUT[Number(index)], url, path);
  await once(stream, 'ready');
  const logger = pino({}, stream);
  const cpu = process.cpuUsage();
  const startAt = now();
  inTraceAndContext(() => {
    for (let i = 0; i < CALLS; i++) logLlmCall(logger, CALL);
  });
  const loopEndAt = now();
  await flushed(logger);
  const flushedAt = now();
  await close(stream);
  const closedAt = now();
  const { user, system } = process.cpuUsage(cpu);
  return { startAt, loopEndAt, flushedAt, closedAt, cpuMs: (user + system) / 1000 };
}

if (process.argv[1] === self) {
  const [mode, url, ...rest] = process.argv.slice(2);
  const answer =
    mode === 'paced'
      ? await appPaced(url)
      : mode === 'flat-out'
        ? await appFlatOut(url)
        : await appThroughput(url, rest[0], rest[1]);
  process.stdout.write(JSON.stringify(answer));
}
