import { afterEach, describe, expect, it, vi } from 'vitest';
import { contextMixin } from '../../src/index.js';
import { capture } from '../helpers/capture.js';
import { inStore } from '../helpers/hostile-stores.js';

// A file of its own: warnings are capped per code and per process (module), and the hostile
// store tests elsewhere use up LEANLLM_CONTEXT_UNREADABLE's share.
afterEach(() => vi.restoreAllMocks());

describe('a store holding something other than a context frame', () => {
  it('writes lines without context and is reported once as LEANLLM_CONTEXT_UNREADABLE', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const { logger, raw } = capture({ mixin: contextMixin() });
    class OtherLibraryContext {}
    inStore(new OtherLibraryContext(), () => {
      logger.info('one');
      logger.info('two');
    });
    expect(raw).toEqual(['{"level":30,"msg":"one"}\n', '{"level":30,"msg":"two"}\n']);
    expect(warn.mock.calls).toEqual([
      [
        'leanllm-context: the context could not be read, lines are written without it (the store holds an instance of OtherLibraryContext, not a context frame)',
        { code: 'LEANLLM_CONTEXT_UNREADABLE' },
      ],
    ]);
  });
});
