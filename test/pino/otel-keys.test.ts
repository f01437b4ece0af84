import { afterEach, describe, expect, it } from 'vitest';
import {
  ContextValidationError,
  configure,
  contextLogger,
  contextMixin,
  logLlmCall,
  parseLogLine,
  resetConfiguration,
  trackLlmCall,
  withContext,
} from '../../src/index.js';
import { capture } from '../helpers/capture.js';

afterEach(() => resetConfiguration());

const CONTEXT = {
  sessionId: 'sess-1',
  userId: 'u-42',
  requestId: 'req-7',
  feature: 'search',
  environment: 'prod',
  correlationId: '4bf92f3577b34da6a3ce929d0e0e4736',
  section: 'agent:planner',
  samplingIteration: 2,
  tags: { tier: 'pro' },
} as const;

const OTEL_CONTEXT = {
  'session.id': 'sess-1',
  'leanllm.request_id': 'req-7',
  'leanllm.sampling_iteration': 2,
  'user.id': 'u-42',
  'leanllm.feature': 'search',
  'deployment.environment.name': 'prod',
  'gen_ai.conversation.id': '4bf92f3577b34da6a3ce929d0e0e4736',
  'leanllm.section_path': 'agent:planner',
  'leanllm.tag.tier': 'pro',
};

describe("keys: 'otel'", () => {
  it('contextMixin writes the context under OpenTelemetry names, in table order', () => {
    const { logger, raw } = capture({ mixin: contextMixin({ keys: 'otel' }) });
    withContext(CONTEXT, () => logger.info({ step: 1 }, 'planning'));
    expect(raw).toEqual([
      `{"level":30,${JSON.stringify(OTEL_CONTEXT).slice(1, -1)},"step":1,"msg":"planning"}\n`,
    ]);
  });

  it('contextLogger binds the same names; its children keep them; the default stays snake_case', () => {
    const otel = capture();
    const log = contextLogger(otel.logger, { keys: 'otel' });
    withContext(CONTEXT, () => {
      log.info('a');
      log.child({ component: 'x' }).info('b');
    });
    expect(otel.lines()).toEqual([
      { level: 30, ...OTEL_CONTEXT, msg: 'a' },
      { level: 30, ...OTEL_CONTEXT, component: 'x', msg: 'b' },
    ]);
    const snake = capture();
    withContext({ sessionId: 'sess-1', tags: { tier: 'pro' } }, () =>
      contextLogger(snake.logger).info('c'),
    );
    expect(snake.lines()).toEqual([
      { level: 30, session_id: 'sess-1', tags: { tier: 'pro' }, msg: 'c' },
    ]);
  });

  it("configure({ logKeys: 'otel' }) switches the default of mixins, loggers and llm.call lines", () => {
    const { logger, lines } = capture({ mixin: contextMixin() });
    const wrapped = capture();
    const log = contextLogger(wrapped.logger);
    const both = () => {
      logger.info('mixin');
      log.info('logger');
    };
    withContext({ sessionId: 's' }, both);
    configure({ logKeys: 'otel' });
    withContext({ sessionId: 's' }, both);
    expect([...lines(), ...wrapped.lines()]).toEqual([
      { level: 30, session_id: 's', msg: 'mixin' },
      { level: 30, 'session.id': 's', msg: 'mixin' },
      { level: 30, session_id: 's', msg: 'logger' },
      { level: 30, 'session.id': 's', msg: 'logger' },
    ]);
    // an explicit option wins over the configuration
    const snake = capture({ mixin: contextMixin({ keys: 'snake_case' }) });
    withContext({ sessionId: 's' }, () => snake.logger.info('x'));
    expect(snake.lines()).toEqual([{ level: 30, session_id: 's', msg: 'x' }]);
  });

  it('writes the llm.call line under GenAI names through an otel contextLogger, and reads it back', () => {
    const { logger, raw, lines } = capture({ timestamp: true });
    const log = contextLogger(logger, { keys: 'otel' });
    const event = withContext(CONTEXT, () =>
      logLlmCall(log, {
        eventId: 'call-1',
        model: 'gpt-4o',
        provider: 'openai',
        operation: 'chat',
        responseModel: 'gpt-4o-2024-08-06',
        latencyMs: 812,
        inputTokens: 1200,
        outputTokens: 85,
        cacheReadTokens: 1000,
        reasoningTokens: 20,
      }),
    );
    const [line] = lines();
    expect(line).toEqual({
      level: 30,
      time: event.time,
      ...OTEL_CONTEXT,
      event: 'llm.call',
      'leanllm.event_version': 1,
      'leanllm.event_id': 'call-1',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.response.model': 'gpt-4o-2024-08-06',
      'gen_ai.provider.name': 'openai',
      'gen_ai.operation.name': 'chat',
      'leanllm.status': 'ok',
      'gen_ai.usage.input_tokens': 1200,
      'gen_ai.usage.output_tokens': 85,
      'leanllm.usage.total_tokens': 1285,
      'gen_ai.usage.cache_read.input_tokens': 1000,
      'gen_ai.usage.reasoning.output_tokens': 20,
      'leanllm.cost_usd': event.cost,
      'leanllm.cost_source': 'table',
      'leanllm.price_table': event.priceTable,
      'leanllm.latency_ms': 812,
      'leanllm.tool_calls': [],
      msg: 'llm.call',
    });
    expect(Object.keys(line as object).some((key) => /^[a-z]+_[a-z_]+$/.test(key))).toBe(false);
    expect(parseLogLine(raw[0] as string)).toEqual(event);
  });

  it('trackLlmCall writes an error line under otel names when configured; the reader reads both namings', async () => {
    configure({ logKeys: 'otel' });
    const { logger, raw } = capture({ timestamp: true, mixin: contextMixin() });
    const failure = Object.assign(new Error('429 Too Many Requests'), { status: 429 });
    let tracked: unknown;
    await withContext({ sessionId: 'sess-1', tags: { tier: 'pro' } }, () =>
      trackLlmCall(
        logger,
        {
          model: 'claude-sonnet-4-5',
          provider: 'anthropic',
          onEvent: (event) => {
            tracked = event;
          },
        },
        async () => {
          throw failure;
        },
      ),
    ).catch(() => undefined);
    const line = JSON.parse(raw[0] as string);
    expect(line).toMatchObject({
      level: 50,
      'session.id': 'sess-1',
      'leanllm.tag.tier': 'pro',
      'gen_ai.request.model': 'claude-sonnet-4-5',
      'gen_ai.provider.name': 'anthropic',
      'leanllm.status': 'error',
      error: { type: 'Error', message: '429 Too Many Requests', status: 429 },
    });
    expect(line).not.toHaveProperty('session_id');
    expect(parseLogLine(raw[0] as string)).toEqual(tracked);

    resetConfiguration();
    const snake = capture({ timestamp: true, mixin: contextMixin() });
    const event = withContext({ sessionId: 'sess-1', tags: { tier: 'pro' } }, () =>
      logLlmCall(snake.logger, { model: 'gpt-4o', provider: 'openai', latencyMs: 5 }),
    );
    expect(snake.raw[0]).toContain('"session_id":"sess-1"');
    expect(parseLogLine(snake.raw[0] as string)).toEqual(event);
  });

  it('rejects a keys option that is neither', () => {
    expect(() => contextMixin({ keys: 'camel' as never })).toThrow(
      new ContextValidationError(
        'keys',
        "contextMixin: keys must be 'snake_case' or 'otel', got string \"camel\"",
      ),
    );
    expect(() => contextLogger(capture().logger, { keys: 1 as never })).toThrow(TypeError);
    expect(() => configure({ logKeys: 'camel' as never })).toThrow(
      "configure: logKeys must be 'snake_case' or 'otel', got string \"camel\"",
    );
  });
});
