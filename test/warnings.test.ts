import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { logLlmCall } from '../src/index.js';
import { capture } from './helpers/capture.js';

const CALL = { model: 'gpt-4o-mini', provider: 'openai', latencyMs: 12 } as const;

describe('process warnings', () => {
  afterEach(() => vi.restoreAllMocks());

  it('caps per code: 100 distinct hook errors do not silence another code', () => {
    const warning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const { logger } = capture();
    for (let i = 0; i < 100; i++) {
      logLlmCall(logger, {
        ...CALL,
        onEvent: () => {
          throw new Error(`hook bug ${i}`);
        },
      });
    }
    const hookWarnings = warning.mock.calls.filter(
      ([, options]) => (options as { code?: string }).code === 'LEANLLM_ON_EVENT_FAILED',
    );
    expect(hookWarnings.map(([message]) => message)).toEqual(
      Array.from(
        { length: 10 },
        (_, i) =>
          `leanllm-context: an onEvent hook threw (hook bug ${i}); the call is not affected`,
      ),
    );

    const broken = pino(
      {},
      {
        write: () => {
          throw new Error('disk full');
        },
      },
    );
    logLlmCall(broken, CALL);
    expect(warning).toHaveBeenLastCalledWith(
      'leanllm-context: an llm.call line could not be written (disk full)',
      { code: 'LEANLLM_EVENT_NOT_WRITTEN' },
    );
  });

  it('says each distinct message once', () => {
    const warning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const broken = pino(
      {},
      {
        write: () => {
          throw new Error('quota');
        },
      },
    );
    logLlmCall(broken, CALL);
    logLlmCall(broken, CALL);
    expect(warning).toHaveBeenCalledTimes(1);
    expect(warning).toHaveBeenCalledWith(
      'leanllm-context: an llm.call line could not be written (quota)',
      { code: 'LEANLLM_EVENT_NOT_WRITTEN' },
    );
  });
});
