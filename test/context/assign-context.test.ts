import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assignContext,
  ContextValidationError,
  contextLogger,
  contextMixin,
  fastifyContext,
  getCurrentContext,
  getUserId,
  section,
  trackLlmCall,
  withContext,
} from '../../src/index.js';
import { contextSpanProcessor } from '../../src/otel/index.js';
import { capture, sleep } from '../helpers/capture.js';
import { tracing } from '../helpers/tracing.js';

describe('assignContext: a field for the current scope only', () => {
  it('outside every scope it throws, and says what to use instead', () => {
    expect(() => assignContext({ userId: 'u-1' })).toThrow(ContextValidationError);
    expect(() => assignContext({ userId: 'u-1' })).toThrow(
      'assignContext: no open scope: call it inside withContext, trace, section or a request scope (fastifyContext, expressContext, withContextFromHeaders, withImportedContext); setGlobalContext sets process-wide fields',
    );
  });

  it('validates like withContext, and nothing is assigned when the fields are invalid', () => {
    withContext({ feature: 'f' }, () => {
      expect(() => assignContext({ user_id: 'u-1' } as never)).toThrow(
        'unknown context field "user_id": did you mean "userId"?',
      );
      expect(() => assignContext({ userId: '' })).toThrow(
        'context field "userId" must not be empty',
      );
      expect(getCurrentContext()).toEqual({ feature: 'f' });
    });
  });

  it('the rest of the scope sees it, after an await too; nested scopes opened before keep what they had; nothing outside sees it', async () => {
    const seen: Record<string, unknown> = {};
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    await withContext({ feature: 'search', tags: { a: '1' } }, async () => {
      const nestedBefore = section('step', async () => {
        await gate;
        seen.nestedBefore = getCurrentContext();
      });
      const timer = new Promise<void>((resolve) =>
        setTimeout(() => {
          seen.timer = getUserId();
          resolve();
        }, 5),
      );
      assignContext({ userId: 'u-1', tags: { b: '2' }, section: 'auth' });
      seen.rightAfter = getCurrentContext();
      await sleep(1);
      seen.afterAwait = getUserId();
      section('later', () => {
        seen.nestedAfter = getCurrentContext();
      });
      release();
      await Promise.all([nestedBefore, timer]);
    });
    seen.outside = getCurrentContext();
    expect(seen).toEqual({
      rightAfter: { userId: 'u-1', feature: 'search', section: 'auth', tags: { a: '1', b: '2' } },
      afterAwait: 'u-1',
      timer: 'u-1',
      nestedAfter: {
        userId: 'u-1',
        feature: 'search',
        section: 'auth/later',
        tags: { a: '1', b: '2' },
      },
      nestedBefore: { feature: 'search', section: 'step', tags: { a: '1' } },
      outside: {},
    });
  });

  it('a contextLogger line and a span right after the assignment carry it (the child cache and the span processor see the change at once)', () => {
    const { logger, lines } = capture();
    const log = contextLogger(logger);
    const { tracer, spans } = tracing(contextSpanProcessor());
    withContext({ feature: 'f' }, () => {
      log.info('before');
      tracer.startSpan('before').end();
      assignContext({ userId: 'u-1' });
      log.info('after');
      tracer.startSpan('after').end();
    });
    expect(lines()).toEqual([
      { level: 30, feature: 'f', msg: 'before' },
      { level: 30, feature: 'f', user_id: 'u-1', msg: 'after' },
    ]);
    expect(spans()).toEqual([
      { name: 'before', attributes: { 'leanllm.feature': 'f' } },
      { name: 'after', attributes: { 'leanllm.feature': 'f', 'user.id': 'u-1' } },
    ]);
  });

  it('a merge over the limits of a context fails at the assignment', () => {
    const tags = (from: number) =>
      Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${from + i}`, 'v']));
    withContext({ tags: tags(0) }, () => {
      expect(() => assignContext({ tags: tags(20) })).toThrow(
        'context field "tags" would make this scope carry 40 tags with the enclosing ones, over the limit of 32 for a whole context',
      );
      expect(Object.keys(getCurrentContext().tags ?? {})).toHaveLength(20);
    });
  });
});

describe('assignContext in a Fastify preHandler', () => {
  const requestLogs = capture({ mixin: contextMixin() });
  const callLogs = capture({ mixin: contextMixin() });
  const early = capture();
  const earlyLog = contextLogger(early.logger);
  let app: ReturnType<typeof Fastify>;
  let origin: string;

  beforeAll(async () => {
    app = Fastify({ loggerInstance: requestLogs.logger, forceCloseConnections: true });
    await app.register(fastifyContext);
    app.addHook('onRequest', async () => {
      earlyLog.info('received'); // fills this scope's child logger cache before the assignment
    });
    app.addHook('preHandler', async (request: { headers: Record<string, unknown> }) => {
      await sleep(Math.floor(Math.random() * 3)); // authentication takes a while
      assignContext({ userId: String(request.headers['x-user']) });
    });
    app.get('/answer', async (request: { log: { info(msg: string): void } }) => {
      await sleep(Math.floor(Math.random() * 3));
      request.log.info('answering');
      earlyLog.info('answered');
      await trackLlmCall(callLogs.logger, { model: 'gpt-4o-mini', provider: 'openai' }, () => ({
        inputTokens: 1,
        outputTokens: 1,
      }));
      return { userId: getUserId() };
    });
    origin = await app.listen({ port: 0, host: '127.0.0.1', backlog: 2048 });
  });

  afterAll(() => app.close());

  it('1,000 concurrent requests: each handler, its lines and its llm.call line carry its own user, never another', async () => {
    const users = Array.from({ length: 1000 }, (_, i) => `u-${i}`);
    const answers = await Promise.all(
      users.map(async (user) => {
        const response = await fetch(`${origin}/answer`, { headers: { 'x-user': user } });
        return {
          user,
          body: await response.json(),
          requestId: response.headers.get('x-request-id'),
        };
      }),
    );
    for (const { user, body } of answers) expect(body).toEqual({ userId: user });
    const userOf = new Map(answers.map((answer) => [answer.requestId, answer.user]));
    const check = (lines: Record<string, unknown>[], msg: string) => {
      const matching = lines.filter((line) => line.msg === msg);
      expect(matching).toHaveLength(1000);
      for (const line of matching) expect(line.user_id).toBe(userOf.get(line.request_id as string));
    };
    check(requestLogs.lines(), 'answering');
    check(early.lines(), 'answered');
    check(callLogs.lines(), 'llm.call');
    expect(early.lines().filter((line) => line.msg === 'received' && 'user_id' in line)).toEqual(
      [],
    );
  }, 60_000);
});
