import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type ContextFields,
  ContextValidationError,
  clearGlobalContext,
  configure,
  DEFAULT_PROPAGATED_FIELDS,
  type ExportedContext,
  exportContext,
  extractContext,
  getCurrentContext,
  injectContext,
  section,
  setGlobalContext,
  trace,
  withContext,
  withContextFromHeaders,
  withImportedContext,
} from '../../src/index.js';

afterEach(() => {
  clearGlobalContext();
  configure({ propagate: [...DEFAULT_PROPAGATED_FIELDS] });
});

const tagsOf = (from: number, count: number) =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${from + i}`, 'v']));

/** The error `open` throws, or undefined when it accepts. */
function rejectionOf(open: (fn: () => void) => void): ContextValidationError | undefined {
  try {
    open(() => undefined);
    return undefined;
  } catch (error) {
    if (error instanceof ContextValidationError) return error;
    throw error;
  }
}

describe('the limits hold for the merged context, checked at the scope that overflows', () => {
  it('20 + 20 tags in nested scopes fail at the inner scope, naming tags', () => {
    const error = withContext({ tags: tagsOf(0, 20) }, () =>
      rejectionOf((fn) => withContext({ tags: tagsOf(20, 20) }, fn)),
    );
    expect(error?.field).toBe('tags');
    expect(error?.message).toBe(
      'context field "tags" would make this scope carry 40 tags with the enclosing ones, over the limit of 32 for a whole context',
    );
  });

  it('global tags count; overriding an inherited tag or clearing the tags does not add to the count', () => {
    setGlobalContext({ tags: tagsOf(0, 20) });
    expect(rejectionOf((fn) => withContext({ tags: tagsOf(20, 13) }, fn))?.field).toBe('tags');
    expect(rejectionOf((fn) => withContext({ tags: tagsOf(10, 22) }, fn))).toBeUndefined();
    expect(rejectionOf((fn) => withContext({ tags: null }, fn))).toBeUndefined();
    withContext({ tags: null }, () =>
      expect(rejectionOf((fn) => withContext({ tags: tagsOf(40, 32) }, fn))).toBeUndefined(),
    );
    expect(rejectionOf(() => setGlobalContext({ tags: tagsOf(20, 13) }))?.message).toBe(
      'context field "tags" would make this scope carry 33 tags with the enclosing ones, over the limit of 32 for a whole context',
    );
  });

  it('section_path may be up to 1024 characters; the section that would make it longer fails', () => {
    const name = 'x'.repeat(255);
    const error = section(name, () =>
      section(name, () =>
        section(name, () =>
          section(name, () => {
            expect(getCurrentContext().section).toHaveLength(1023);
            return rejectionOf((fn) => section('y', fn));
          }),
        ),
      ),
    );
    expect(error?.field).toBe('section');
    expect(error?.message).toBe(
      'context field "section" would make section_path 1025 characters long, over the limit of 1024 for a whole context',
    );
  });

  it('ten nested sections (359 characters) export and import again, and cross in headers', () => {
    configure({ propagate: [...DEFAULT_PROPAGATED_FIELDS, 'tags'] });
    const names = Array.from({ length: 10 }, (_, i) => `agent:step-${i}-${'s'.repeat(22)}`);
    const nest = (rest: string[], fn: () => unknown): unknown =>
      rest.length === 0 ? fn() : section(rest[0] as string, () => nest(rest.slice(1), fn));
    const { exported, headers } = nest(names, () =>
      withContext({ tags: tagsOf(0, 20) }, () =>
        withContext({ tags: tagsOf(20, 12) }, () => ({
          exported: exportContext(),
          headers: injectContext({}),
        })),
      ),
    ) as { exported: ExportedContext; headers: Record<string, string> };
    const path = names.join('/');
    expect(path).toHaveLength(359);
    expect(withImportedContext(exported, getCurrentContext)).toEqual({
      section: path,
      tags: tagsOf(0, 32),
    });
    const dropped: string[] = [];
    expect(extractContext(headers, { onDropped: (key) => dropped.push(key) })).toEqual({
      section: path,
      tags: tagsOf(0, 32),
    });
    expect(dropped).toEqual([]);
  });

  it('headers whose tags overflow with the receiving side are reported and left out, never thrown', () => {
    configure({ propagate: [...DEFAULT_PROPAGATED_FIELDS, 'tags'] });
    const headers = withContext({ feature: 'f', tags: tagsOf(0, 20) }, () => injectContext({}));
    setGlobalContext({ tags: tagsOf(100, 20) });
    const dropped: string[] = [];
    const seen = withContextFromHeaders(headers, getCurrentContext, {
      onDropped: (key) => dropped.push(key),
    });
    expect(seen).toEqual({ feature: 'f', tags: tagsOf(100, 20) });
    expect(dropped).toEqual(['tags']);
  });
});

type Step =
  | { readonly kind: 'context'; readonly fields: ContextFields }
  | { readonly kind: 'section'; readonly name: string }
  | { readonly kind: 'trace' };

const tagKey = fc.integer({ min: 0, max: 47 }).map((i) => `t${i}`);
// `size: 'max'`: lengths and counts spread over their whole range, so that the merged limits
// (32 tags, 1024 characters of section path) are reached by many runs, not by luck.
const tagValue = fc.string({ minLength: 1, maxLength: 256, unit: 'grapheme-ascii', size: 'max' });
const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('context' as const),
    fields: fc.record(
      {
        tags: fc.dictionary(tagKey, fc.option(tagValue, { nil: null, freq: 6 }), {
          maxKeys: 24,
          size: 'max',
        }),
        userId: fc.string({ minLength: 1, maxLength: 256, unit: 'grapheme-ascii' }),
        feature: fc.string({ minLength: 1, maxLength: 256, unit: 'grapheme-ascii' }),
      },
      { requiredKeys: [] },
    ),
  }),
  fc.record({
    kind: fc.constant('section' as const),
    name: fc.string({ minLength: 1, maxLength: 256, unit: 'grapheme-ascii', size: 'max' }),
  }),
  fc.record({ kind: fc.constant('trace' as const) }),
);

function open(step: Step, fn: () => void): void {
  if (step.kind === 'context') withContext(step.fields, fn);
  else if (step.kind === 'section') section(step.name, fn);
  else trace(fn);
}

describe('property: every context the library accepted exports and imports again', () => {
  it('withImportedContext(exportContext(), fn) succeeds and gives back the same context, for random nestings', () => {
    fc.assert(
      fc.property(
        fc.array(stepArbitrary, { maxLength: 12 }),
        fc.option(fc.dictionary(tagKey, tagValue, { maxKeys: 16, size: 'max' }), {
          nil: undefined,
        }),
        (steps, globalTags) => {
          clearGlobalContext();
          if (globalTags !== undefined) setGlobalContext({ tags: globalTags });
          const exports: ExportedContext[] = [];
          const descend = (at: number): void => {
            exports.push(exportContext());
            const step = steps[at];
            if (step === undefined) return;
            try {
              open(step, () => descend(at + 1));
            } catch (error) {
              // Only the merged limits may refuse a scope made of valid fields.
              if (!(error instanceof ContextValidationError)) throw error;
              expect(['tags', 'section']).toContain(error.field);
            }
          };
          descend(0);
          clearGlobalContext();
          for (const exported of exports) {
            expect(withImportedContext(exported, getCurrentContext)).toEqual(exported.fields);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
