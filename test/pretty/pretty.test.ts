import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import pino, { type Logger } from 'pino';
import pinoPretty from 'pino-pretty';
import { describe, expect, it } from 'vitest';
import { contextMixin, logLlmCall, section, trace, withContext } from '../../src/index.js';
import leanllmPretty, { contextKeysIgnore, prettyOptions } from '../../src/pretty/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** A writable stream that keeps what is written to it, as text. */
function textSink() {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += chunk;
      done();
    },
  });
  return { stream, text: () => text };
}
const CORRELATION = '4bf92f3577b34da6a3ce929d0e0e4736';

/** What a small agent logs: an ordinary line, a call with a tool, a failed call, a bare line. */
function writeAgentLines(logger: Logger): void {
  trace({ correlationId: CORRELATION }, () =>
    withContext({ sessionId: 'sess-1', userId: 'u-42', feature: 'search' }, () => {
      logger.info({ query: 'pino transports' }, 'search started');
      section('agent:planner', () =>
        logLlmCall(logger, {
          eventId: 'plan-1',
          model: 'gpt-5.4',
          provider: 'openai',
          latencyMs: 510,
          cost: 0.003,
          inputTokens: 800,
          outputTokens: 76,
          toolCalls: [{ id: 'call_1', name: 'web_search', arguments: '{"q":"pino"}' }],
        }),
      );
      logLlmCall(logger, {
        eventId: 'write-1',
        parentRequestId: 'plan-1',
        model: 'claude-test',
        provider: 'anthropic',
        latencyMs: 1204.6,
        inputTokens: 1200,
        outputTokens: 300,
        status: 'error',
        error: { type: 'RateLimitError', message: 'slow down' },
      });
    }),
  );
  logger.warn('outside any scope');
}

const PLAIN = [
  'INFO: search started [sess-1 · u-42 · search · 4bf92f35…]',
  '    query: "pino transports"',
  'INFO: llm.call gpt-5.4 (openai) 510 ms · $0.0030 · 876 tok · tools: web_search · agent:planner [sess-1 · u-42 · search · 4bf92f35…]',
  'ERROR: llm.call claude-test (anthropic) 1205 ms · $? · 1500 tok · error RateLimitError: slow down [sess-1 · u-42 · search · 4bf92f35… · parent=plan-1]',
  'WARN: outside any scope',
  '',
].join('\n');

const ESC = '\u001b[';
const COLOURED = [
  `${ESC}32mINFO${ESC}39m: ${ESC}36msearch started ${ESC}90m[sess-1 · u-42 · search · 4bf92f35…]${ESC}36m${ESC}39m`,
  `    ${ESC}35mquery${ESC}39m: "pino transports"`,
  `${ESC}32mINFO${ESC}39m: ${ESC}36mllm.call gpt-5.4 (openai) 510 ms · $0.0030 · 876 tok · tools: web_search · agent:planner ${ESC}90m[sess-1 · u-42 · search · 4bf92f35…]${ESC}36m${ESC}39m`,
  `${ESC}31mERROR${ESC}39m: ${ESC}36mllm.call claude-test (anthropic) 1205 ms · $? · 1500 tok · ${ESC}31merror RateLimitError: slow down${ESC}36m ${ESC}90m[sess-1 · u-42 · search · 4bf92f35… · parent=plan-1]${ESC}36m${ESC}39m`,
  `${ESC}33mWARN${ESC}39m: ${ESC}36moutside any scope${ESC}39m`,
  '',
].join('\n');

/** Lines through a real pino transport worker thread into a file, returned once it closed. */
async function throughTransport(options: Record<string, unknown>): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'leanllm-pretty-')), 'pretty.log');
  const transport = pino.transport({
    target: 'leanllm-context/pretty',
    options: { destination: file, ...options },
  });
  writeAgentLines(pino({ mixin: contextMixin(), base: undefined, timestamp: false }, transport));
  const closed = once(transport, 'close');
  transport.end();
  await closed;
  return readFileSync(file, 'utf8');
}

describe('leanllm-context/pretty through pino.transport (a worker thread)', () => {
  it('prints an llm.call line as one line and the context on each line, colours off', async () => {
    expect(await throughTransport({ colorize: false })).toBe(PLAIN);
  });

  it('colours on: the level and message as pino-pretty colours them, the error red, the context grey', async () => {
    expect(await throughTransport({ colorize: true })).toBe(COLOURED);
  });

  it('passes other options to pino-pretty (levelFirst, a time format, ignore kept and extended)', async () => {
    const output = await throughTransport({
      colorize: false,
      levelFirst: true,
      ignore: 'query',
      messageKey: 'msg',
    });
    expect(output.split('\n').slice(0, 2)).toEqual([
      'INFO: search started [sess-1 · u-42 · search · 4bf92f35…]',
      'INFO: llm.call gpt-5.4 (openai) 510 ms · $0.0030 · 876 tok · tools: web_search · agent:planner [sess-1 · u-42 · search · 4bf92f35…]',
    ]);
  });
});

/** The NDJSON an application wrote to its log file. */
function writeLogFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'leanllm-pretty-')), 'app.log');
  const destination = pino.destination({ dest: file, sync: true });
  writeAgentLines(pino({ mixin: contextMixin(), base: undefined, timestamp: false }, destination));
  return file;
}

describe('the pino-pretty command with leanllm-context’s options in a config file', () => {
  const bin = createRequire(import.meta.url).resolve('pino-pretty/bin.js');
  const config = join(mkdtempSync(join(tmpdir(), 'leanllm-pretty-')), 'pino-pretty.config.cjs');
  writeFileSync(
    config,
    `module.exports = require(${JSON.stringify(join(root, 'dist/pretty/index.cjs'))}).prettyOptions();\n`,
  );
  const prettyCli = (args: string[], env: Record<string, string>) => {
    const { FORCE_COLOR: _force, NO_COLOR: _no, ...rest } = process.env;
    const result = spawnSync(process.execPath, [bin, '--config', config, ...args], {
      input: readFileSync(writeLogFile()),
      env: { ...rest, ...env },
      encoding: 'utf8',
    });
    return [result.status, result.stderr, result.stdout];
  };

  it('NO_COLOR: the same plain lines as the transport', () => {
    expect(prettyCli([], { NO_COLOR: '1' })).toEqual([0, '', PLAIN]);
  });

  it('-c (colorize): the same coloured lines as the transport', () => {
    expect(prettyCli(['-c'], {})).toEqual([0, '', COLOURED]);
  });
});

describe('the pieces, for a pino-pretty configured by hand', () => {
  const SMALL_CALL = {
    eventId: 'e-1',
    correlationId: 'c-1',
    model: 'gpt-4o',
    provider: 'openai',
    latencyMs: 12,
  } as const;
  const prettyLines = (options: object, write: (logger: Logger, stream: Writable) => void) => {
    const sink = textSink();
    const stream = pinoPretty({
      colorize: false,
      sync: true,
      destination: sink.stream,
      ...options,
    });
    write(pino({ mixin: contextMixin(), base: undefined, timestamp: false }, stream), stream);
    return sink.text();
  };

  it('prettyOptions() gives pinoPretty what the transport uses', () => {
    expect(prettyLines(prettyOptions(), writeAgentLines)).toBe(PLAIN);
  });

  it('keys an llm.call line summarizes still print on other lines; prompt and completion keep their rows', () => {
    const output = prettyLines(prettyOptions(), (logger) => {
      logger.info({ model: 'gpt-4o', cost: 2 }, 'configured');
      withContext({ tags: { tier: 'pro', region: 'eu' }, environment: 'dev' }, () =>
        logLlmCall(logger, {
          ...SMALL_CALL,
          ttftMs: 4,
          cost: 0.0000213,
          inputTokens: 10,
          outputTokens: 2,
        }),
      );
      logger.info({ event: 'llm.call', model: 'm', latency_ms: 1, prompt: 'hi' }, 'llm.call');
    });
    expect(output).toBe(
      [
        'INFO: configured',
        '    model: "gpt-4o"',
        '    cost: 2',
        'INFO: llm.call gpt-4o (openai) 12 ms (ttft 4 ms) · $0.000021 · 12 tok [c-1 · env=dev · tier=pro · region=eu]',
        'INFO: llm.call m 1 ms · $?',
        '    prompt: "hi"',
        '',
      ].join('\n'),
    );
  });

  it('singleLine: other lines keep their keys as JSON, an llm.call line keeps none (pino-pretty prints `{}`)', () => {
    const output = prettyLines(prettyOptions({ singleLine: true }), (logger) => {
      logger.info({ model: 'gpt-4o', cost: 2 }, 'configured');
      logLlmCall(logger, { ...SMALL_CALL, cost: 0 });
    });
    expect(output).toBe(
      'INFO: configured {"model":"gpt-4o","cost":2}\nINFO: llm.call gpt-4o (openai) 12 ms · $0.0000 [c-1] {}\n',
    );
  });

  it('a hostile line cannot move the cursor or break the line', () => {
    const line = JSON.stringify({
      level: 30,
      msg: 'llm.call',
      event: 'llm.call',
      model: 'evil\u001b[2J\nmodel',
      provider: { nested: true },
      latency_ms: 'slow',
      session_id: 'sess\r-1',
      tool_calls: [null, { name: 7 }, 'x'],
      tags: ['not', 'a', 'record'],
    });
    const output = prettyLines(prettyOptions(), (_logger, stream) => stream.write(`${line}\n`));
    expect(output).toBe('INFO: llm.call evil[2Jmodel $? · tools: 7 [sess-1]\n');
  });

  it('contextKeysIgnore lists every context log key', () => {
    expect(contextKeysIgnore).toBe(
      'session_id,request_id,model_id,sampling_iteration,user_id,feature,environment,correlation_id,parent_request_id,section_path,tags',
    );
  });
});

describe('the target in this thread', () => {
  it('leanllmPretty(options) is pino-pretty with the pieces, writing to the destination given', async () => {
    const sink = textSink();
    const stream = leanllmPretty({ colorize: false, destination: sink.stream });
    writeAgentLines(pino({ mixin: contextMixin(), base: undefined, timestamp: false }, stream));
    const finished = once(sink.stream, 'finish');
    stream.end();
    await finished;
    expect(sink.text()).toBe(PLAIN);
  });
});
