import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { CONTEXT_LOG_KEYS, FIELD_NAMES, type FieldName } from '../../src/fields/context-fields.js';
import {
  ContextFieldsSchema,
  configure,
  extractContext,
  getCurrentContext,
  injectContext,
  resetConfiguration,
  withContext,
} from '../../src/index.js';

afterEach(() => resetConfiguration());

const ourKeys = FIELD_NAMES.filter((name) => name !== 'tags').map(
  (name) => `leanllm.${CONTEXT_LOG_KEYS[name]}`,
);

/** Text of every kind: printable, control characters, lone surrogates, emoji. */
const anyText = fc.string({ unit: 'binary', maxLength: 300 });
const hugeText = fc.string({ unit: 'grapheme-ascii', minLength: 8_000, maxLength: 20_000 });

const memberKey = fc.oneof(
  fc.constantFrom(...ourKeys),
  fc.constantFrom('leanllm.__proto__', 'leanllm.tags.__proto__', 'leanllm.constructor', 'leanllm.'),
  fc.string({ unit: 'grapheme-ascii', maxLength: 20 }).map((tag) => `leanllm.tags.${tag}`),
  fc.string({ unit: 'grapheme-ascii', maxLength: 20 }),
  anyText,
);
const memberValue = fc.oneof(
  fc.string({ maxLength: 40 }).map((text) => {
    try {
      return encodeURIComponent(text);
    } catch {
      return text;
    }
  }),
  fc.constantFrom('', '%', '%ZZ', '%00', '%C3', '%ED%A0%80', '03', '-1', '1e3', '9007199254740993'),
  anyText,
);
const member = fc
  .tuple(
    memberKey,
    memberValue,
    fc.constantFrom('', ' ', '\t', '  '),
    fc.constantFrom('', ';p', ';p=1', ';;', '; =x'),
  )
  .map(([key, value, space, property]) => `${space}${key}${space}=${space}${value}${property}`);
const baggageValue = fc.oneof(
  { weight: 6, arbitrary: fc.array(member, { maxLength: 80 }).map((members) => members.join(',')) },
  { weight: 2, arbitrary: anyText },
  { weight: 1, arbitrary: hugeText },
  {
    weight: 1,
    arbitrary: fc.array(member, { minLength: 60, maxLength: 200 }).map((m) => m.join(',')),
  },
);
const hex = (length: number) =>
  fc.string({
    unit: fc.constantFrom(...'0123456789abcdefABCDEF'),
    minLength: length,
    maxLength: length,
  });
const traceparentValue = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('00', '01', 'ff', 'zz'),
      hex(32),
      hex(16),
      hex(2),
      fc.constantFrom('', '-x', '-'),
    )
    .map(
      ([version, trace, parent, flags, extra]) => `${version}-${trace}-${parent}-${flags}${extra}`,
    ),
  anyText,
  hugeText,
);
const headerValue = (text: fc.Arbitrary<string>) =>
  fc.oneof(
    { weight: 5, arbitrary: text },
    { weight: 2, arbitrary: fc.array(text, { maxLength: 5 }) },
    { weight: 1, arbitrary: fc.constantFrom(undefined, null, 7, true, {}, [1, 2], ['a', 3]) },
  );
const headerName = fc.oneof(
  fc.constantFrom(
    'baggage',
    'Baggage',
    'BAGGAGE',
    'traceparent',
    'TraceParent',
    '__proto__',
    'constructor',
  ),
  fc.string({ maxLength: 12 }),
);
/** A header record: duplicate names in other letter cases, `__proto__` as an own key. */
const headerRecord = fc
  .array(
    fc.oneof(
      fc.tuple(fc.constantFrom('baggage', 'Baggage', 'BAGGAGE'), headerValue(baggageValue)),
      fc.tuple(fc.constantFrom('traceparent', 'Traceparent'), headerValue(traceparentValue)),
      fc.tuple(headerName, headerValue(anyText)),
    ),
    { maxLength: 6 },
  )
  .map((entries) => Object.fromEntries(entries));
const headersObject = fc
  .array(
    fc.tuple(fc.constantFrom('baggage', 'traceparent'), fc.oneof(baggageValue, traceparentValue)),
    {
      maxLength: 4,
    },
  )
  .map((entries) => {
    const headers = new Headers();
    for (const [name, value] of entries) {
      try {
        headers.append(name, value);
      } catch {
        // not a valid header value for fetch: such a Headers object cannot exist
      }
    }
    return headers;
  });
const allowList = fc.subarray([...FIELD_NAMES] as FieldName[]);

describe('extractContext on generated bad input', () => {
  it('never throws, never exceeds the limits, and returns only schema-valid, allowed fields', () => {
    fc.assert(
      fc.property(fc.oneof(headerRecord, headersObject), allowList, (headers, allowed) => {
        configure({ propagate: allowed });
        const dropped: string[] = [];
        const fields = extractContext(headers as Parameters<typeof extractContext>[0], {
          onDropped: (key, reason) => {
            expect(typeof reason).toBe('string');
            dropped.push(key);
          },
        });
        expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
        expect(ContextFieldsSchema.safeParse(fields).success).toBe(true);
        for (const [name, value] of Object.entries(fields)) {
          expect(allowed).toContain(name);
          expect(value).not.toBeNull();
        }
        const tags = Object.keys(fields.tags ?? {});
        expect(tags.length).toBeGreaterThan(fields.tags === undefined ? -1 : 0);
        expect(tags.length).toBeLessThanOrEqual(32);
        // At most 64 members are read, so at most 64 of them are reported.
        expect(dropped.filter((key) => key.startsWith('leanllm.')).length).toBeLessThanOrEqual(64);
        for (const key of dropped) expect(key.length).toBeLessThanOrEqual(101);
        // Ready for withContext, as promised.
        expect(withContext(fields, () => getCurrentContext())).toEqual(fields);
      }),
      { numRuns: 10_000, seed: 5 },
    );
  }, 120_000);
});

/** A valid context field value (1-256 characters, no control characters), any script. */
const fieldText = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 40 })
  .filter((text) => ContextFieldsSchema.shape.sessionId.safeParse(text).success);
const validContext = fc.record(
  {
    sessionId: fieldText,
    requestId: fieldText,
    modelId: fieldText,
    samplingIteration: fc.nat(),
    userId: fieldText,
    feature: fieldText,
    environment: fieldText,
    correlationId: fc.oneof(
      fieldText,
      hex(32).map((id) => id.toLowerCase()),
    ),
    parentRequestId: fieldText,
    section: fieldText,
    tags: fc.dictionary(fc.stringMatching(/^[A-Za-z0-9_.:-]{1,64}$/), fieldText, { maxKeys: 8 }),
  },
  { requiredKeys: [] },
);

describe('injectContext then extractContext', () => {
  it('gives back exactly the allowed fields, whatever their text', () => {
    fc.assert(
      fc.property(validContext, allowList, (context, allowed) => {
        configure({ propagate: allowed });
        const dropped: string[] = [];
        const headers = withContext(context, () =>
          injectContext({}, { onDropped: (key) => dropped.push(key) }),
        );
        const expected = withContext(context, () => getCurrentContext()) as Record<string, unknown>;
        const sent = Object.fromEntries(
          Object.entries(expected).filter(([name]) => allowed.includes(name as FieldName)),
        );
        if (dropped.length === 0) expect(extractContext(headers)).toEqual(sent);
      }),
      { numRuns: 1_000, seed: 5 },
    );
  });
});
