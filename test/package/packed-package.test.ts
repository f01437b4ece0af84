// The packed package, installed with pino alone into an empty project (no @opentelemetry package,
// no fastify, express or bullmq, no LLM SDK, no ai or @langchain/core: all optional), must load
// and work there, ESM and CJS, and its type declarations must name none of them.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOtlpReceiver } from '../helpers/otlp-receiver.js';
import { BUILT_IN_PRICES } from '../helpers/price-table.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pinoVersion = createRequire(import.meta.url)('pino/package.json').version as string;
const prettyVersion = createRequire(import.meta.url)('pino-pretty/package.json').version as string;

/** The environment without npm's lifecycle variables, which would point a nested npm at this repo. */
const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')),
);

const run = (command: string, args: string[], cwd: string) =>
  execFileSync(command, args, { cwd, encoding: 'utf8', env: cleanEnv, stdio: 'pipe' });

const ESM_SCRIPT = `
import pino from 'pino';
import { contextLogger, contextMixin, getSpanAttributes, injectContext, section, trace, withContext } from 'leanllm-context';
import * as entry from 'leanllm-context';

const lines = [];
const sink = { write: (line) => lines.push(JSON.parse(line)) };
const logger = pino({ base: undefined, timestamp: false, mixin: contextMixin() }, sink);
const fast = contextLogger(pino({ base: undefined, timestamp: false }, sink));
const attributes = trace({ correlationId: 'c-esm' }, () =>
  withContext({ sessionId: 's-esm', userId: 'u-esm' }, () =>
    section('plan', () => {
      logger.info('mixin');
      fast.info('contextLogger');
      return getSpanAttributes();
    }),
  ),
);
const headers = withContext({ sessionId: 's-esm' }, () => injectContext({}));
const glue = [typeof entry.fastifyContext, typeof entry.expressContext, typeof entry.instrumentFetch];
const otel = await import('leanllm-context/otel');
const call = { model: 'gpt-4o-mini', provider: 'openai', latencyMs: 1, inputTokens: 1000000, outputTokens: 0 };
const priced = entry.logLlmCall(pino({ enabled: false }), call);
// A client of the SDK's shape, wrapped without the SDK installed: the wrapper needs none.
const sdkLike = {
  chat: {
    completions: {
      create: async (request) => ({
        object: 'chat.completion',
        model: request.model,
        choices: [],
        usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
      }),
    },
  },
};
const callLines = [];
const callLogger = pino({ base: undefined, timestamp: false }, { write: (line) => callLines.push(JSON.parse(line)) });
const wrapped = entry.wrapOpenAI(sdkLike, { logger: callLogger, provider: 'local' });
await trace({ correlationId: 'c-wrap' }, () => wrapped.chat.completions.create({ model: 'm-1' }));
const wrappers = [typeof entry.wrapOpenAI, typeof entry.wrapAnthropic, typeof entry.wrapGoogleGenAI, typeof wrapped.chat.completions.create];
const wrappedLine = callLines.map(({ event_id, latency_ms, ...line }) => line);
process.stdout.write(JSON.stringify({ lines, attributes, headers, glue, otelEntry: Object.keys(otel).sort(), wrappers, wrappedLine, priced: [priced.cost, priced.priceTable] }));
`;

const CJS_SCRIPT = `
const pino = require('pino');
const entry = require('leanllm-context');
const { contextMixin, getSpanAttributes, withContext } = entry;

const lines = [];
const sink = { write: (line) => lines.push(JSON.parse(line)) };
const logger = pino({ base: undefined, timestamp: false, mixin: contextMixin() }, sink);
const attributes = withContext({ sessionId: 's-cjs', modelId: 'gpt-4o-mini' }, () => {
  logger.info('mixin');
  return getSpanAttributes();
});
const glue = [typeof entry.fastifyContext, typeof entry.expressContext, typeof entry.instrumentFetch];
const otel = require('leanllm-context/otel');
const call = { model: 'claude-mythos-5', provider: 'anthropic', latencyMs: 1, inputTokens: 1000000, outputTokens: 0 };
const priced = entry.logLlmCall(pino({ enabled: false }), call);
const wrappers = [typeof entry.wrapOpenAI, typeof entry.wrapAnthropic, typeof entry.wrapGoogleGenAI];
process.stdout.write(JSON.stringify({ lines, attributes, glue, otelEntry: Object.keys(otel).sort(), wrappers, priced: [priced.cost, priced.priceTable] }));
`;

// The framework entries driven as ai and LangChain would drive them (neither is installed).
const INTEGRATIONS_BODY = `
const lines = [];
const sink = { write: (line) => lines.push(JSON.parse(line)) };
const logger = pino({ base: undefined, timestamp: false }, sink);
const middleware = leanllmMiddleware({ logger });
const handler = new LeanLLMCallbackHandler({ logger });
const usage = { inputTokens: { total: 3 }, outputTokens: { total: 2 } };
await trace({ correlationId: 'c-int' }, async () => {
  await middleware.wrapGenerate({
    doGenerate: async () => ({ content: [], finishReason: 'stop', usage }),
    params: { prompt: [] },
    model: { provider: 'fake.chat', modelId: 'm-ai' },
  });
  handler.handleLLMStart({ id: ['m-lc'] }, ['p'], 'run-1');
  handler.handleLLMEnd({ generations: [[{ text: 'x' }]], llmOutput: { tokenUsage: { promptTokens: 5, completionTokens: 1 } } }, 'run-1');
});
const keep = ({ correlation_id, model, provider, input_tokens, output_tokens }) =>
  ({ correlation_id, model, provider, input_tokens, output_tokens });
process.stdout.write(JSON.stringify(lines.map(keep)));
`;
const INTEGRATIONS_ESM = `
import pino from 'pino';
import { trace } from 'leanllm-context';
import { leanllmMiddleware } from 'leanllm-context/ai';
import { LeanLLMCallbackHandler } from 'leanllm-context/langchain';
${INTEGRATIONS_BODY}`;
const INTEGRATIONS_CJS = `
const pino = require('pino');
const { trace } = require('leanllm-context');
const { leanllmMiddleware } = require('leanllm-context/ai');
const { LeanLLMCallbackHandler } = require('leanllm-context/langchain');
(async () => {${INTEGRATIONS_BODY}})();`;

// The transport targets by name, as pino resolves them from the application (its `require`
// condition, loaded in the worker thread), and the pretty pieces imported as ESM.
const TRANSPORTS_SCRIPT = `
import pino from 'pino';
import { contextMixin, logLlmCall, withContext } from 'leanllm-context';
import { prettyOptions } from 'leanllm-context/pretty';

const [file, url] = process.argv.slice(2);
const transport = pino.transport({
  targets: [
    { target: 'leanllm-context/pretty', options: { destination: file, colorize: false, ignore: 'time' } },
    { target: 'leanllm-context/otlp', options: { url } },
  ],
});
const logger = pino({ base: undefined, mixin: contextMixin() }, transport);
withContext({ sessionId: 's-1' }, () =>
  logLlmCall(logger, { eventId: 'e-1', correlationId: 'c-1', model: 'gpt-4o-mini', provider: 'openai', latencyMs: 12, cost: 0.001, inputTokens: 5, outputTokens: 5 }),
);
process.stdout.write(typeof prettyOptions().messageFormat);
`;

describe('the packed package in a project with nothing optional installed (but pino-pretty)', () => {
  let workspace: string;
  let project: string;

  beforeAll(() => {
    workspace = mkdtempSync(join(tmpdir(), 'leanllm-no-otel-'));
    project = join(workspace, 'project');
    mkdirSync(project);
    // dist/ is fresh: `npm test` builds first (pretest), so the pack skips the prepare script.
    const packed = JSON.parse(
      run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', workspace], root),
    ) as Array<{ filename: string }>;
    const tarball = join(workspace, (packed[0] as { filename: string }).filename);
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'no-otel-project', version: '1.0.0', private: true }),
    );
    run(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
        '--no-package-lock',
        tarball,
        `pino@${pinoVersion}`,
        `pino-pretty@${prettyVersion}`,
      ],
      project,
    );
    writeFileSync(join(project, 'esm.mjs'), ESM_SCRIPT);
    writeFileSync(join(project, 'cjs.cjs'), CJS_SCRIPT);
    writeFileSync(join(project, 'transports.mjs'), TRANSPORTS_SCRIPT);
  }, 180_000);

  afterAll(() => {
    if (workspace !== undefined) rmSync(workspace, { recursive: true, force: true });
  });

  it('has no optional package installed anywhere', () => {
    expect(existsSync(join(project, 'node_modules', 'leanllm-context', 'dist', 'index.js'))).toBe(
      true,
    );
    const installed = readdirSync(join(project, 'node_modules'), { recursive: true }).map(String);
    expect(
      installed.filter((path) =>
        /@opentelemetry|fastify|express|bullmq|openai|@anthropic-ai|@google|^ai$|@ai-sdk|@langchain/.test(
          path,
        ),
      ),
    ).toEqual([]);
  });

  it('ships type declarations that import no optional package', () => {
    const dist = join(project, 'node_modules', 'leanllm-context', 'dist');
    const entries = ['index', 'otel/index', 'otlp/index', 'ai/index', 'langchain/index'];
    for (const file of entries.flatMap((entry) => [`${entry}.d.ts`, `${entry}.d.cts`])) {
      const declarations = readFileSync(join(dist, file), 'utf8');
      expect(declarations).not.toMatch(
        /^import .* from ['"](fastify|express|bullmq|undici|openai|@anthropic-ai\/sdk|@google\/genai|ai|@ai-sdk\/[^'"]+|@langchain\/[^'"]+|@opentelemetry\/[^'"]+)['"]/m,
      );
    }
  });

  it('loads the main entry from ESM and it works', () => {
    const report = JSON.parse(run(process.execPath, ['esm.mjs'], project));
    const context = {
      session_id: 's-esm',
      user_id: 'u-esm',
      correlation_id: 'c-esm',
      section_path: 'plan',
    };
    expect(report).toEqual({
      lines: [
        { level: 30, ...context, msg: 'mixin' },
        { level: 30, ...context, msg: 'contextLogger' },
      ],
      attributes: {
        'session.id': 's-esm',
        'user.id': 'u-esm',
        'gen_ai.conversation.id': 'c-esm',
        'leanllm.section_path': 'plan',
      },
      headers: { baggage: 'leanllm.session_id=s-esm' },
      glue: ['function', 'function', 'function'],
      otelEntry: ['contextSpanProcessor', 'getSpanAttributes'],
      // priced from the installed genai-prices, loaded from the ESM build
      priced: [0.15, BUILT_IN_PRICES],
      wrappers: ['function', 'function', 'function', 'function'],
      wrappedLine: [
        {
          level: 30,
          event: 'llm.call',
          event_version: 1,
          correlation_id: 'c-wrap',
          model: 'm-1',
          provider: 'local',
          operation: 'chat',
          status: 'ok',
          input_tokens: 3,
          output_tokens: 2,
          total_tokens: 5,
          tool_calls: [],
          msg: 'llm.call',
        },
      ],
    });
  });

  it('loads the main entry from CommonJS and it works', () => {
    const report = JSON.parse(run(process.execPath, ['cjs.cjs'], project));
    expect(report).toEqual({
      lines: [{ level: 30, session_id: 's-cjs', model_id: 'gpt-4o-mini', msg: 'mixin' }],
      attributes: { 'session.id': 's-cjs', 'gen_ai.request.model': 'gpt-4o-mini' },
      glue: ['function', 'function', 'function'],
      otelEntry: ['contextSpanProcessor', 'getSpanAttributes'],
      // priced from the overlay, loaded from the CJS build (the name reads genai-prices' version)
      priced: [10, BUILT_IN_PRICES],
      wrappers: ['function', 'function', 'function'],
    });
  });
  it.each([
    ['esm.mjs', INTEGRATIONS_ESM],
    ['cjs.cjs', INTEGRATIONS_CJS],
  ])(
    'loads leanllm-context/ai and /langchain without ai or @langchain/core (%s), in the main entry trace',
    (file, script) => {
      writeFileSync(join(project, `integrations-${file}`), script);
      const report = JSON.parse(run(process.execPath, [`integrations-${file}`], project));
      expect(report).toEqual([
        {
          correlation_id: 'c-int',
          model: 'm-ai',
          provider: 'fake',
          input_tokens: 3,
          output_tokens: 2,
        },
        {
          correlation_id: 'c-int',
          model: 'm-lc',
          provider: 'langchain',
          input_tokens: 5,
          output_tokens: 1,
        },
      ]);
    },
  );

  it('resolves the transport targets by name: pretty lines in a file, spans as OTLP/JSON', async () => {
    const receiver = await startOtlpReceiver();
    try {
      const file = join(workspace, 'pretty.log');
      const child = spawn(process.execPath, ['transports.mjs', file, receiver.url], {
        cwd: project,
        env: cleanEnv,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let stdout = '';
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
      });
      const [code] = await once(child, 'exit');
      expect([code, stdout]).toEqual([0, 'function']);
      expect(readFileSync(file, 'utf8')).toBe(
        'INFO: llm.call gpt-4o-mini (openai) 12 ms · $0.0010 · 10 tok [s-1 · c-1]\n',
      );
      expect(receiver.accepted.map(({ contentType }) => contentType)).toEqual(['application/json']);
      expect([...receiver.spans().values()].map(({ name }) => name)).toEqual(['gpt-4o-mini']);
    } finally {
      await receiver.close();
    }
  });
});
