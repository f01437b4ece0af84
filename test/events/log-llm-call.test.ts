import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseLogLine } from '../../src/graph/index.js';
import {
  ContextValidationError,
  contextLogger,
  contextMixin,
  type LlmEvent,
  LlmEventSchema,
  type LlmLogger,
  logLlmCall,
  trace,
  trackLlmCall,
  withContext,
} from '../../src/index.js';
import { capture } from '../helpers/capture.js';
import { eventOfLine } from '../helpers/llm-line.js';
import { BUILT_IN_PRICES } from '../helpers/price-table.js';

afterEach(() => vi.restoreAllMocks());

const CONTEXT = {
  sessionId: 'sess-1',
  userId: 'u-42',
  feature: 'search',
  environment: 'test',
  section: 'agent:planner',
  tags: { tier: 'pro' },
  parentRequestId: 'http-request-7',
} as const;

const TRACK = { model: 'gpt-4o-mini', provider: 'openai' } as const;
const CALL = {
  model: 'gpt-4o-mini',
  provider: 'openai',
  operation: 'chat',
  latencyMs: 812.3456,
  inputTokens: 1200,
  outputTokens: 85,
  toolCalls: [{ id: 'call_1', name: 'search', arguments: '{"q":"pino"}' }],
} as const;

/** A logger writing pino's default `time` (no pid/hostname), and its raw lines. */
function timedLogger(options: pino.LoggerOptions = {}) {
  const raw: string[] = [];
  const logger = pino(
    { base: undefined, ...options },
    { write: (line: string) => void raw.push(line) },
  );
  return { logger, raw };
}

const countKey = (line: string, key: string) => line.split(`"${key}":`).length - 1;

function logInContext(logger: Parameters<typeof logLlmCall>[0]): LlmEvent {
  return trace({ correlationId: 'c0ffee' }, () =>
    withContext(CONTEXT, () => logLlmCall(logger, CALL)),
  );
}

describe('logLlmCall: the line and the returned event', () => {
  const loggers = {
    'a plain pino logger (context written by logLlmCall)': () => timedLogger(),
    'a logger with contextMixin()': () => timedLogger({ mixin: contextMixin() }),
    'a contextLogger()': () => {
      const timed = timedLogger();
      return { ...timed, logger: contextLogger(timed.logger) };
    },
    'a child of a contextLogger()': () => {
      const timed = timedLogger();
      return { ...timed, logger: contextLogger(timed.logger).child({ component: 'agent' }) };
    },
  };

  for (const [name, make] of Object.entries(loggers)) {
    it(`${name}: every key once, and the event is exactly what the line says`, () => {
      const { logger, raw } = make();
      const event = logInContext(logger);
      expect(raw).toHaveLength(1);
      const text = raw[0] as string;
      for (const key of ['correlation_id', 'parent_request_id', 'session_id', 'tags', 'time'])
        expect(countKey(text, key)).toBe(1);
      const line = JSON.parse(text);
      expect(eventOfLine(line)).toEqual(event);
      // The writer/reader contract: the graph's reader gives back exactly the returned event.
      expect(parseLogLine(text)).toEqual(event);
      expect(LlmEventSchema.parse(event)).toEqual(event);
      expect(event).toEqual({
        eventVersion: 1,
        eventId: expect.stringMatching(/^[A-Za-z0-9_-]{21}$/),
        correlationId: 'c0ffee',
        parentRequestId: 'http-request-7',
        time: line.time,
        model: 'gpt-4o-mini',
        provider: 'openai',
        operation: 'chat',
        status: 'ok',
        inputTokens: 1200,
        outputTokens: 85,
        totalTokens: 1285,
        cost: 0.000231,
        costSource: 'table',
        priceTable: BUILT_IN_PRICES,
        latencyMs: 812.346,
        toolCalls: [{ id: 'call_1', name: 'search', arguments: '{"q":"pino"}' }],
        sessionId: 'sess-1',
        userId: 'u-42',
        feature: 'search',
        environment: 'test',
        section: 'agent:planner',
        tags: { tier: 'pro' },
      });
      expect(line).toMatchObject({ level: 30, msg: 'llm.call', event: 'llm.call' });
      expect(Object.isFrozen(event)).toBe(true);
    });
  }

  it("the event's time is the line's time, to the millisecond, line after line", () => {
    const { logger, raw } = timedLogger();
    const events = Array.from({ length: 300 }, () => logLlmCall(logger, CALL));
    expect(raw.map((line) => JSON.parse(line).time)).toEqual(events.map((event) => event.time));
  });

  it('a failed call: level 50, error from an Error or a plain { type, message, status }', () => {
    const { logger, lines } = capture();
    const httpError = Object.assign(new Error('503 upstream unavailable'), { status: 503 });
    class TimeoutError extends Error {}
    logLlmCall(logger, { ...CALL, error: httpError });
    logLlmCall(logger, { ...CALL, error: new TimeoutError('took too long') });
    logLlmCall(logger, {
      ...CALL,
      error: { type: 'overloaded_error', message: 'Overloaded', status: 529 },
    });
    logLlmCall(logger, { ...CALL, error: 'just a string' });
    logLlmCall(logger, { ...CALL, status: 'cancelled' });
    expect(lines().map((line) => [line.level, line.status, line.error])).toEqual([
      [50, 'error', { type: 'Error', message: '503 upstream unavailable', status: 503 }],
      [50, 'error', { type: 'TimeoutError', message: 'took too long' }],
      [50, 'error', { type: 'overloaded_error', message: 'Overloaded', status: 529 }],
      [50, 'error', { type: 'string', message: 'just a string' }],
      [30, 'cancelled', undefined],
    ]);
  });

  it('builds no line for a level the logger does not write; errors still go out', () => {
    const { logger, lines } = capture({ level: 'warn' });
    const event = logLlmCall(logger, CALL);
    logLlmCall(logger, { ...CALL, error: new Error('down') });
    expect(event.status).toBe('ok');
    expect(lines().map((line) => line.status)).toEqual(['error']);
  });

  it('reads what the fields do not give from the response; given fields win', () => {
    const { logger } = capture();
    const response = {
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'claude-haiku-4-5-20251001',
      content: [{ type: 'tool_use', id: 'toolu_1', name: 'lookup', input: { id: 7 } }],
      usage: { input_tokens: 100, output_tokens: 20 },
    };
    const event = logLlmCall(logger, {
      model: 'claude-haiku-4-5',
      provider: 'anthropic',
      latencyMs: 5,
      response,
      outputTokens: 25,
    });
    expect(event).toMatchObject({
      responseModel: 'claude-haiku-4-5-20251001',
      inputTokens: 100,
      outputTokens: 25,
      totalTokens: 125,
      toolCalls: [{ id: 'toolu_1', name: 'lookup', arguments: '{"id":7}' }],
    });
  });
});

describe('logLlmCall: bad input is a ContextValidationError naming the option', () => {
  const { logger } = capture();
  const cases: [unknown, string, string][] = [
    [undefined, 'call', 'logLlmCall: call must be an object, got undefined'],
    [{ provider: 'openai', latencyMs: 1 }, 'model', 'logLlmCall: model is required'],
    [{ model: 'm', provider: 'p' }, 'latencyMs', 'logLlmCall: latencyMs is required'],
    [
      { ...CALL, input_tokens: 3 },
      'input_tokens',
      'logLlmCall: call has an unknown key "input_tokens": did you mean "inputTokens"?',
    ],
    [{ ...CALL, tokens: 3 }, 'tokens', 'logLlmCall: call has an unknown key "tokens"'],
    [
      { ...CALL, inputTokens: -1 },
      'inputTokens',
      'logLlmCall: inputTokens must be an integer >= 0, got number -1',
    ],
    [
      { ...CALL, outputTokens: 1.5 },
      'outputTokens',
      'logLlmCall: outputTokens must be an integer >= 0, got number 1.5',
    ],
    [
      { ...CALL, latencyMs: Number.NaN },
      'latencyMs',
      'logLlmCall: latencyMs must be a number >= 0 (milliseconds), got number NaN',
    ],
    [
      { ...CALL, cost: -0.1 },
      'cost',
      'logLlmCall: cost must be a number >= 0 (USD), got number -0.1',
    ],
    [
      { ...CALL, model: '' },
      'model',
      'logLlmCall: model must be a string of 1-256 characters without control characters, got string ""',
    ],
    [
      { ...CALL, status: 'failed' },
      'status',
      'logLlmCall: status must be "ok", "error" or "cancelled", got string "failed"',
    ],
    [
      { ...CALL, toolCalls: [{ id: 'c', name: 'n', arguments: {} }] },
      'toolCalls',
      'logLlmCall: toolCalls must be an array of { id, name, arguments } with string values, got an object at [0]',
    ],
    [
      { ...CALL, onEvent: 'x' },
      'onEvent',
      'logLlmCall: onEvent must be a function or an object with record(event), got string "x"',
    ],
  ];
  it('a logger that is not one', async () => {
    expect(() => logLlmCall(undefined as never, CALL)).toThrow(
      new ContextValidationError(
        'logger',
        'logLlmCall: logger must be a pino logger (with info and error methods), got undefined',
      ),
    );
    await expect(trackLlmCall(console.log as never, TRACK, () => 1)).rejects.toThrow(
      'trackLlmCall: logger must be a pino logger (with info and error methods), got function',
    );
  });
  for (const [input, option, message] of cases) {
    it(message, () => {
      expect(() => logLlmCall(logger, input as never)).toThrow(
        new ContextValidationError(option, message),
      );
    });
  }
});

describe('logging never fails the application', () => {
  const brokenLogger = () =>
    pino(
      {},
      {
        write() {
          throw new Error('disk full');
        },
      },
    );

  it('logLlmCall with a logger whose stream throws returns the event, with one warning', () => {
    const warning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const event = logLlmCall(brokenLogger(), CALL);
    expect(event.status).toBe('ok');
    expect(warning).toHaveBeenCalledWith(
      'leanllm-context: an llm.call line could not be written (disk full)',
      { code: 'LEANLLM_EVENT_NOT_WRITTEN' },
    );
  });

  it('trackLlmCall returns the result, or rethrows the call’s own error, whatever the logger does', async () => {
    vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const result = { inputTokens: 1, outputTokens: 2 };
    await expect(trackLlmCall(brokenLogger(), TRACK, async () => result)).resolves.toBe(result);
    const failure = new RangeError('the call itself failed');
    await expect(
      trackLlmCall(brokenLogger(), TRACK, () => {
        throw failure;
      }),
    ).rejects.toBe(failure);
    const stream = await trackLlmCall(brokenLogger(), TRACK, async function* () {
      yield 1;
      yield 2;
    });
    const seen: number[] = [];
    for await (const value of stream) seen.push(value);
    expect(seen).toEqual([1, 2]);
  });

  /** Every way a logger can fail while writing a line, each a fresh logger. */
  const failingLoggers: [string, () => LlmLogger][] = [
    ['a pino logger whose stream throws', brokenLogger],
    ['a contextLogger over a stream that throws', () => contextLogger(brokenLogger())],
    [
      'a pino logger whose own mixin throws',
      () =>
        pino(
          {
            mixin: contextMixin({
              mixin: () => {
                throw new Error('mixin bug');
              },
            }),
          },
          { write: () => undefined },
        ),
    ],
    [
      'a logger whose info, error and isLevelEnabled throw',
      () => ({
        info: () => {
          throw new Error('info bug');
        },
        error: () => {
          throw new Error('error bug');
        },
        isLevelEnabled: () => {
          throw new Error('level bug');
        },
      }),
    ],
  ];

  describe.each(failingLoggers)('with %s, trackLlmCall', (_, failing) => {
    it('returns the result, or rethrows the call’s own error (sync throw or rejection)', async () => {
      vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
      const result = { inputTokens: 1, outputTokens: 2 };
      await expect(trackLlmCall(failing(), TRACK, () => result)).resolves.toBe(result);
      const thrown = new RangeError('thrown by the call');
      await expect(
        trackLlmCall(failing(), TRACK, () => {
          throw thrown;
        }),
      ).rejects.toBe(thrown);
      const rejected = new SyntaxError('rejected by the call');
      await expect(trackLlmCall(failing(), TRACK, () => Promise.reject(rejected))).rejects.toBe(
        rejected,
      );
    });

    it('streams: every chunk passes, the stream’s own error is rethrown, an early stop is quiet', async () => {
      vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
      const midway = new Error('the stream failed midway');
      const failingStream = await trackLlmCall(failing(), TRACK, async function* () {
        yield 1;
        throw midway;
      });
      const seen: number[] = [];
      await expect(
        (async () => {
          for await (const value of failingStream) seen.push(value);
        })(),
      ).rejects.toBe(midway);
      expect(seen).toEqual([1]);
      const endless = await trackLlmCall(failing(), TRACK, async function* () {
        for (let i = 0; ; i++) yield i;
      });
      const firstTwo: number[] = [];
      for await (const value of endless) {
        firstTwo.push(value);
        if (firstTwo.length === 2) break;
      }
      expect(firstTwo).toEqual([0, 1]);
    });
  });

  it('values that cannot even be printed: thrown by the call, or by the logger', async () => {
    const warning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const unprintable = Object.create(null);
    const { logger, lines } = capture();
    await expect(trackLlmCall(logger, TRACK, () => Promise.reject(unprintable))).rejects.toBe(
      unprintable,
    );
    expect(lines()[0]).toMatchObject({
      status: 'error',
      error: { type: 'Error', message: '(the error could not be read)' },
    });
    const throwing = pino(
      {},
      {
        write() {
          throw unprintable;
        },
      },
    );
    expect(logLlmCall(throwing, CALL).status).toBe('ok');
    expect(warning).toHaveBeenCalledWith(
      'leanllm-context: an llm.call line could not be written ((a value that cannot be printed))',
      { code: 'LEANLLM_EVENT_NOT_WRITTEN' },
    );
  });

  it('a response whose properties throw when read is returned as is, with its line', async () => {
    const warning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const { logger, lines } = capture();
    const hostile = new Proxy(
      {},
      {
        get(_target, key) {
          if (key === 'then') return undefined; // still a plain value to await
          throw new Error('no reading me');
        },
      },
    );
    await expect(trackLlmCall(logger, TRACK, async () => hostile)).resolves.toBe(hostile);
    expect(lines()[0]).toMatchObject({ status: 'ok', tool_calls: [] });
    expect(lines()[0]).not.toHaveProperty('input_tokens');
    expect(warning).toHaveBeenCalledWith(
      'leanllm-context: an LLM call could not be recorded (no reading me); the call is not affected',
      { code: 'LEANLLM_TRACKING_FAILED' },
    );
  });

  it('an onEvent hook that throws or rejects changes nothing but a warning', async () => {
    const warning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const { logger, lines } = capture();
    const value = await trackLlmCall(
      logger,
      { ...TRACK, onEvent: () => Promise.reject(new Error('metrics down')) },
      () => 'answer',
    );
    expect(value).toBe('answer');
    const event = logLlmCall(logger, {
      ...CALL,
      onEvent: () => {
        throw new Error('hook bug');
      },
    });
    expect(event.status).toBe('ok');
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines()).toHaveLength(2);
    expect(warning.mock.calls.map((call) => call[0])).toEqual([
      'leanllm-context: an onEvent hook threw (metrics down); the call is not affected',
      'leanllm-context: an onEvent hook threw (hook bug); the call is not affected',
    ]);
  });

  it('trackLlmCall rejects bad options before running the call', async () => {
    const fn = vi.fn();
    await expect(trackLlmCall(capture().logger, { model: 'm' } as never, fn)).rejects.toThrow(
      new ContextValidationError('provider', 'trackLlmCall: provider is required'),
    );
    await expect(trackLlmCall(capture().logger, CALL as never, fn)).rejects.toThrow(
      new ContextValidationError(
        'latencyMs',
        'trackLlmCall: options has an unknown key "latencyMs"',
      ),
    );
    await expect(
      trackLlmCall(capture().logger, { model: 'm', provider: 'p' }, 'no' as never),
    ).rejects.toThrow(new ContextValidationError('fn', 'trackLlmCall: fn must be a function'));
    expect(fn).not.toHaveBeenCalled();
  });
});
