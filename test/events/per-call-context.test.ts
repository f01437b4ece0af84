import { describe, expect, it } from 'vitest';
import {
  ContextValidationError,
  contextMixin,
  type LlmEvent,
  logLlmCall,
  trackLlmCall,
  withContext,
} from '../../src/index.js';
import { capture } from '../helpers/capture.js';

const AMBIENT = {
  sessionId: 'sess-1',
  userId: 'u-1',
  feature: 'search',
  section: 'agent:planner',
  tags: { tier: 'pro', region: 'eu' },
} as const;
const CALL = { model: 'gpt-4o-mini', provider: 'openai', latencyMs: 100, eventId: 'e-1' } as const;

/** The context keys of a parsed line, in line order. */
const contextOf = (line: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(line).filter(([key]) =>
      ['session_id', 'user_id', 'feature', 'section_path', 'tags'].includes(key),
    ),
  );

describe('per-call context fields on logLlmCall and trackLlmCall', () => {
  it('win over the context on that line only: tags merge key by key, section appends, null clears', () => {
    const { logger, lines } = capture({ mixin: contextMixin() });
    const event = withContext(AMBIENT, () => {
      const logged = logLlmCall(logger, {
        ...CALL,
        userId: 'u-2',
        feature: null,
        section: 'step:rerank',
        tags: { region: 'us', experiment: 'b' },
      });
      logger.info('after');
      return logged;
    });
    const [line, after] = lines() as [Record<string, unknown>, Record<string, unknown>];
    expect(contextOf(line)).toEqual({
      session_id: 'sess-1',
      user_id: 'u-2',
      section_path: 'agent:planner/step:rerank',
      tags: { tier: 'pro', region: 'us', experiment: 'b' },
    });
    expect(event).toMatchObject({
      userId: 'u-2',
      section: 'agent:planner/step:rerank',
      tags: { tier: 'pro', region: 'us', experiment: 'b' },
    });
    expect(event.feature).toBeUndefined();
    expect(contextOf(after)).toEqual({
      session_id: 'sess-1',
      user_id: 'u-1',
      feature: 'search',
      section_path: 'agent:planner',
      tags: { tier: 'pro', region: 'eu' },
    });
  });

  it('trackLlmCall: the line carries them, the lines written inside fn do not', async () => {
    const { logger, lines } = capture({ mixin: contextMixin() });
    let event: LlmEvent | undefined;
    await withContext(AMBIENT, () =>
      trackLlmCall(
        logger,
        {
          model: 'gpt-4o-mini',
          provider: 'openai',
          userId: 'u-batch',
          tags: { experiment: 'b' },
          onEvent: (e) => {
            event = e;
          },
        },
        () => {
          logger.info('inside');
          return { inputTokens: 1, outputTokens: 1 };
        },
      ),
    );
    const [inside, line] = lines() as [Record<string, unknown>, Record<string, unknown>];
    expect([inside.user_id, inside.tags]).toEqual(['u-1', { tier: 'pro', region: 'eu' }]);
    expect([line.msg, line.user_id, line.tags]).toEqual([
      'llm.call',
      'u-batch',
      { tier: 'pro', region: 'eu', experiment: 'b' },
    ]);
    expect(event?.userId).toBe('u-batch');
  });

  it('are validated as withContext validates them, before anything runs', async () => {
    const { logger, lines } = capture();
    expect(() => logLlmCall(logger, { ...CALL, tags: { 'bad key': 'v' } })).toThrow(
      new ContextValidationError(
        'tags',
        'context field "tags" has an invalid key "bad key": tag keys must match [A-Za-z0-9_.:-]{1,64}',
      ),
    );
    expect(() => logLlmCall(logger, { ...CALL, userId: 'x'.repeat(257) })).toThrow(
      'context field "userId" must be at most 256 characters, got 257',
    );
    expect(() => logLlmCall(logger, { ...CALL, user_id: 'u' } as never)).toThrow(
      'logLlmCall: call has an unknown key "user_id": did you mean "userId"?',
    );
    let ran = false;
    await expect(
      trackLlmCall(logger, { model: 'm', provider: 'p', samplingIteration: -1 }, () => {
        ran = true;
      }),
    ).rejects.toThrow('context field "samplingIteration" must be an integer >= 0, got number -1');
    expect(ran).toBe(false);
    expect(lines()).toEqual([]);
  });

  it('a call whose tags would take the line over 32 fails, naming tags', () => {
    const { logger } = capture();
    const tags = (from: number) =>
      Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${from + i}`, 'v']));
    withContext({ tags: tags(0) }, () => {
      expect(() => logLlmCall(logger, { ...CALL, tags: tags(20) })).toThrow(
        'context field "tags" would make this scope carry 40 tags with the enclosing ones, over the limit of 32 for a whole context',
      );
    });
  });
});
