import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonLineScanner } from '../../../src/cli/read/json-line-scan.js';
import { eventFieldValue, FIELDS, INVALID } from '../../../src/graph/parse-log-line.js';

const TOOL_CALLS = FIELDS.find((spec) => spec.kind === 'list');
if (TOOL_CALLS === undefined) throw new Error('no tool calls field');

/** What the slow way says of the list: whether the `toolCalls` reader takes it. */
const readerTakes = (text: string) =>
  eventFieldValue(TOOL_CALLS, JSON.parse(text), true) !== INVALID;

const anyJson = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.constantFrom('a"b', 'c\\d', '{"q":"ü"}', ']', '}'),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.constant([1, [2, { x: '}' }]]),
  fc.constant({ id: 3, nested: { name: 'x' } }),
);

const member = fc.tuple(fc.constantFrom('id', 'name', 'arguments', 'other', 'ids', ''), anyJson);
const stringMember = fc.tuple(
  fc.constantFrom('id', 'name', 'arguments'),
  fc.string({ maxLength: 6 }),
);

/** An element: an object of members (keys may repeat: the last one counts), or another value. */
const element = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .array(fc.oneof(member, stringMember, stringMember), { maxLength: 7 })
      .map((members) => ({ members })),
  },
  { weight: 1, arbitrary: anyJson.map((value) => ({ value })) },
);

/** A list as text: written compactly or spaced, a key sometimes with an escape. */
const lists = fc
  .record({
    elements: fc.array(element, { maxLength: 3 }),
    spaced: fc.boolean(),
    escapeKey: fc.boolean(),
  })
  .map(({ elements, spaced, escapeKey }) => {
    const parts = elements.map((entry) =>
      'members' in entry
        ? `{${entry.members.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`).join(spaced ? ' , ' : ',')}}`
        : JSON.stringify(entry.value),
    );
    const text = spaced ? `[ ${parts.join(' ,\t')} ]` : `[${parts.join(',')}]`;
    return escapeKey ? text.replace('"id"', '"\\u0069d"') : text;
  });

/** The scan's verdict on `list`, read as the value of a line's `tool_calls` (from byte `at`). */
function isToolCallList(list: string, at = 0): boolean | undefined {
  const scanner = new JsonLineScanner(['tool_calls']);
  const line = Buffer.from(`${'-'.repeat(at)}{"tool_calls":${list},"x":1}`);
  expect(scanner.scan(line, at, line.length)).toBe(true);
  return scanner.isToolCallList(at + 14, at + 14 + Buffer.byteLength(list));
}

describe('checking tool calls from their bytes', () => {
  it('says what the toolCalls reader says of the parsed list, or cannot tell', () => {
    let told = 0;
    fc.assert(
      fc.property(lists, fc.nat(40), (text, at) => {
        const said = isToolCallList(text, at);
        if (said !== undefined) {
          told++;
          expect(said).toBe(readerTakes(text));
        } else {
          expect(text).toMatch(/\\u0069d/);
        }
      }),
      { numRuns: 3000 },
    );
    expect(told).toBeGreaterThan(2000);
  });

  it('takes the lists a writer writes, and refuses each wrong shape', () => {
    const said = (text: string) => isToolCallList(text);
    expect(said('[]')).toBe(true);
    expect(said('[{"id":"t","name":"search","arguments":"{\\"q\\":\\"ü\\"}"}]')).toBe(true);
    expect(
      said(
        '[{"id":"t","name":"a","arguments":"{}","extra":[1,{"id":2}]}, {"arguments":"","name":"b","id":"u"}]',
      ),
    ).toBe(true);
    expect(said('[{"id":"t","name":"a"}]')).toBe(false);
    expect(said('[{"id":"t","name":"a","arguments":{}}]')).toBe(false);
    expect(said('[{"id":"t","name":"a","arguments":"{}","id":7}]')).toBe(false);
    expect(said('[{"id":"t","name":"a","arguments":"{}"}, 3]')).toBe(false);
    expect(said('[{"\\u0069d":"t","name":"a","arguments":"{}"}]')).toBeUndefined();
  });
});
