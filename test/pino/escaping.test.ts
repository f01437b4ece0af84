import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ContextValidationError,
  contextLogger,
  contextMixin,
  logLlmCall,
  withContext,
} from '../../src/index.js';
import { capture } from '../helpers/capture.js';

/** Text a context value may hold: quotes, backslashes, any unicode but control characters. */
const TRICKY = ['"', '\\', '\\"', '\\u0000', '</script>', '\u2028', '\u2029', 'é', '🦜', '\uFEFF'];
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const contextText = fc
  .array(fc.oneof(fc.constantFrom(...TRICKY), fc.string({ unit: 'grapheme', maxLength: 6 })), {
    minLength: 1,
    maxLength: 12,
  })
  .map((parts) => parts.join('').slice(0, 256))
  .filter((text) => text.length > 0 && !CONTROL.test(text));

const fieldsArbitrary = fc.record({
  sessionId: contextText,
  userId: contextText,
  feature: contextText,
  section: contextText,
  tags: fc.dictionary(fc.constantFrom('a', 'b.c', 'd:e', 'f-g'), contextText, { maxKeys: 4 }),
});

describe('context values that need escaping', () => {
  it('produce one valid JSON line each, the same bytes through both pino paths, values intact', () => {
    fc.assert(
      fc.property(fieldsArbitrary, (fields) => {
        const mixin = capture({ mixin: contextMixin() });
        const wrapped = capture();
        const log = contextLogger(wrapped.logger);
        withContext(fields, () => {
          mixin.logger.info('m');
          log.info('m');
          logLlmCall(mixin.logger, { model: 'm', provider: 'p', latencyMs: 1 });
          logLlmCall(log, { model: 'm', provider: 'p', latencyMs: 1 });
        });
        for (const raw of [...mixin.raw, ...wrapped.raw]) {
          expect(raw.indexOf('\n')).toBe(raw.length - 1);
          const line = JSON.parse(raw);
          expect(line).toMatchObject({
            session_id: fields.sessionId,
            user_id: fields.userId,
            feature: fields.feature,
            section_path: fields.section,
          });
          if (Object.keys(fields.tags).length > 0) expect(line.tags).toEqual(fields.tags);
        }
        expect(wrapped.raw[0]).toBe(mixin.raw[0]);
      }),
      { numRuns: 300 },
    );
  });

  it('control characters (newlines among them) are rejected, never written', () => {
    fc.assert(
      fc.property(
        contextText,
        fc.integer({ min: 0, max: 0x9f }).filter((code) => code < 0x20 || code >= 0x7f),
        (text, code) => {
          const value = `${text.slice(0, 100)}${String.fromCharCode(code)}`;
          expect(() => withContext({ sessionId: value }, () => undefined)).toThrow(
            ContextValidationError,
          );
          expect(() => withContext({ tags: { a: value } }, () => undefined)).toThrow(
            ContextValidationError,
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
