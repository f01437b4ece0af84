import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { eventLine } from '../helpers/llm-lines.js';

/** The categories every line read falls in exactly once (`docs/cli.md`). */
const CATEGORIES = [
  'events',
  'otherLines',
  'malformedLines',
  'blankLines',
  'truncatedLines',
  'oversizedLines',
] as const;

/** The event keys a hostile writer can put a wrong value under. */
const EVENT_KEYS = [
  'time',
  'event',
  'event_version',
  'event_id',
  'correlation_id',
  'parent_request_id',
  'model',
  'provider',
  'status',
  'input_tokens',
  'output_tokens',
  'total_tokens',
  'cost',
  'latency_ms',
  'ttft_ms',
  'tool_calls',
  'section_path',
  'error',
] as const;

const HUGE_NUMBERS = [
  '1e400',
  '-1e400',
  '123456789012345678901234567890',
  '9007199254740993',
  '-0',
  '1e-400',
] as const;

/** An event line with its opening brace replaced by `prefix` (keys JSON.stringify cannot write). */
const withLeadingKeys = (prefix: string, fields = {}) => `{${prefix},${eventLine(fields).slice(1)}`;

/** One hostile line (without its newline): each family the reader must survive. */
const hostileLine: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 120 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.integer({ min: 0, max: 400 }).map((cut) => eventLine().slice(0, cut)),
  fc
    .integer({ min: 1, max: 60_000 })
    .map(
      (depth) =>
        `{"msg":"llm.call","event":"llm.call","deep":${'['.repeat(depth)}${']'.repeat(depth)}}`,
    ),
  fc.integer({ min: 1, max: 60_000 }).map((depth) => `${'['.repeat(depth)}"llm.call"`),
  fc
    .tuple(fc.constantFrom(...EVENT_KEYS), fc.constantFrom(...HUGE_NUMBERS))
    .map(([key, number]) => withLeadingKeys(`"${key}":${number}`, { [key]: undefined })),
  fc
    .tuple(fc.constantFrom(...EVENT_KEYS), fc.jsonValue({ maxDepth: 3 }))
    .map(([key, value]) => eventLine({ [key]: value })),
  fc
    .constantFrom(
      '"__proto__":{"polluted":"yes","event":"llm.call"}',
      '"constructor":{"prototype":{"polluted":"yes"}}',
      '"tool_calls":[{"__proto__":{"polluted":"yes"},"id":"t","name":"n","arguments":"{\\"__proto__\\":{\\"polluted\\":1}}"}]',
      '"tags":{"__proto__":{"polluted":"yes"}}',
      '"error":{"__proto__":{"polluted":"yes"},"type":"E","message":"m"}',
    )
    .map((keys) => withLeadingKeys(keys)),
  fc.constantFrom('', '  ', '\r', '\uFEFF', '{}', 'null', '"llm.call"', '{"msg":"llm.call"}'),
);

const NEWLINE = Buffer.from('\n');
const toBytes = (line: string | Uint8Array) =>
  typeof line === 'string' ? Buffer.from(line) : Buffer.from(line);

/** How many lines the reader must account for in `bytes`: one per newline, plus a last unended one. */
function linesIn(bytes: Buffer): number {
  let count = 0;
  for (const byte of bytes) if (byte === 0x0a) count++;
  return bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a ? count + 1 : count;
}

const prototypeKeys = () =>
  [Object.prototype, Array.prototype, Function.prototype].map((proto) =>
    Reflect.ownKeys(proto).map(String).sort().join(','),
  );
const pristine = prototypeKeys();

let inputsFuzzed = 0;
let linesFuzzed = 0;
afterAll(() => {
  // The figures docs/reliability.md quotes (printed by `npm test -- hostile-input`).
  console.info(`hostile input: ${inputsFuzzed} inputs, ${linesFuzzed} lines accounted for`);
});

describe('leanllm-logs over hostile input', () => {
  it('never throws, accounts for every line in stats, and pollutes no prototype', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(hostileLine, { maxLength: 25 }),
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 4096 }), { minLength: 1, maxLength: 6 }),
        fc.constantFrom('json', 'tree', 'summary'),
        fc.boolean(),
        async (lines, endsWithNewline, cuts, format, strict) => {
          const parts = lines.flatMap((line, i) =>
            i < lines.length - 1 || endsWithNewline ? [toBytes(line), NEWLINE] : [toBytes(line)],
          );
          const bytes = Buffer.concat(parts);
          const chunks: Uint8Array[] = [];
          for (let at = 0, i = 0; at < bytes.length; i++) {
            const size = cuts[i % cuts.length] as number;
            chunks.push(bytes.subarray(at, at + size));
            at += size;
          }
          const result = await runCli(['-f', 'json', ...(strict ? ['--strict'] : [])], {
            stdin: chunks,
          });
          expect([0, 1]).toContain(result.status);
          const { stats } = JSON.parse(result.stdout);
          const expected = linesIn(bytes);
          expect(stats.lines).toBe(expected);
          expect(CATEGORIES.reduce((sum, name) => sum + stats[name], 0)).toBe(expected);
          expect(result.status).toBe(strict && stats.malformedLines > 0 ? 1 : 0);
          // the other outputs read the same input without throwing
          const other = await runCli(['-f', format], { stdin: chunks });
          expect(other.status).toBe(0);
          expect(prototypeKeys()).toEqual(pristine);
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
          inputsFuzzed++;
          linesFuzzed += expected;
        },
      ),
      { numRuns: 300 },
    );
  });
});
