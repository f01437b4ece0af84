import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseToolCalls } from '../../src/index.js';

describe('parseToolCalls', () => {
  it('parses the argument text of each call', () => {
    expect(
      parseToolCalls([
        { id: 'call_1', name: 'search', arguments: '{"q":"pino","limit":3}' },
        { id: 'call_2', name: 'noop', arguments: '{}' },
      ]),
    ).toEqual([
      { id: 'call_1', name: 'search', arguments: { q: 'pino', limit: 3 } },
      { id: 'call_2', name: 'noop', arguments: {} },
    ]);
  });

  it('keeps the raw text when the arguments do not parse', () => {
    const [cut, empty] = parseToolCalls([
      { id: 'call_1', name: 'search', arguments: '{"q":"pi' },
      { id: 'call_2', name: 'noop', arguments: '' },
    ]);
    expect(cut).toEqual({
      id: 'call_1',
      name: 'search',
      arguments: undefined,
      rawArguments: '{"q":"pi',
    });
    expect(empty).toEqual({ id: 'call_2', name: 'noop', arguments: undefined, rawArguments: '' });
  });

  it('reads the JSON text of the whole list, and keeps arguments given as values', () => {
    expect(
      parseToolCalls('[{"id":"c","name":"s","arguments":{"q":1}},{"name":"t","arguments":"[1]"}]'),
    ).toEqual([
      { id: 'c', name: 's', arguments: { q: 1 } },
      { id: '', name: 't', arguments: [1] },
    ]);
  });

  it('gives [] for anything that is not a list, and skips entries without a name', () => {
    expect(parseToolCalls(undefined)).toEqual([]);
    expect(parseToolCalls('not json')).toEqual([]);
    expect(parseToolCalls({ id: 'c' })).toEqual([]);
    expect(parseToolCalls([null, 1, { id: 'c' }, { name: 's', arguments: '1' }])).toEqual([
      { id: '', name: 's', arguments: 1 },
    ]);
  });
});

describe('parseToolCalls: raw provider shapes, as the SDKs return them', () => {
  it('OpenAI chat completions: message.tool_calls', () => {
    const toolCalls = [
      {
        id: 'call_abc',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
      },
      { id: 'call_def', type: 'function', function: { name: 'cut', arguments: '{"city":' } },
    ];
    expect(parseToolCalls(toolCalls)).toEqual([
      { id: 'call_abc', name: 'get_weather', arguments: { city: 'Paris' } },
      { id: 'call_def', name: 'cut', arguments: undefined, rawArguments: '{"city":' },
    ]);
  });

  it('OpenAI Responses: the function_call items of response.output (call_id is the id), other items skipped', () => {
    const output = [
      { type: 'reasoning', id: 'rs_1', summary: [] },
      {
        type: 'function_call',
        id: 'fc_1',
        call_id: 'call_1',
        name: 'search',
        arguments: '{"q":"pino"}',
        status: 'completed',
      },
      { type: 'message', id: 'msg_1', role: 'assistant', content: [] },
    ];
    expect(parseToolCalls(output)).toEqual([
      { id: 'call_1', name: 'search', arguments: { q: 'pino' } },
    ]);
  });

  it('Anthropic: the tool_use blocks of message.content, input kept as the value', () => {
    const content = [
      { type: 'text', text: 'Let me look.' },
      { type: 'tool_use', id: 'toolu_01', name: 'get_weather', input: { city: 'Paris', days: 2 } },
      { type: 'tool_use', id: 'toolu_02', name: 'now', input: {} },
    ];
    expect(parseToolCalls(content)).toEqual([
      { id: 'toolu_01', name: 'get_weather', arguments: { city: 'Paris', days: 2 } },
      { id: 'toolu_02', name: 'now', arguments: {} },
    ]);
  });

  it('Google: the functionCall parts of a candidate, args kept as the value, id optional', () => {
    const parts = [
      { text: 'Checking.' },
      { functionCall: { name: 'get_weather', args: { city: 'Paris' } } },
      { functionCall: { id: 'fc-2', name: 'now', args: {} } },
    ];
    expect(parseToolCalls(parts)).toEqual([
      { id: '', name: 'get_weather', arguments: { city: 'Paris' } },
      { id: 'fc-2', name: 'now', arguments: {} },
    ]);
  });

  it('an entry whose fields cannot be read is skipped, never thrown', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('trap');
        },
      },
    );
    expect(parseToolCalls([hostile, { id: 'c', name: 'n', arguments: '1' }])).toEqual([
      { id: 'c', name: 'n', arguments: 1 },
    ]);
  });
});

const jsonValue = fc.jsonValue().map((value) => JSON.parse(JSON.stringify(value)) as unknown);

/** One tool call in each shape, with the record it must give. */
const anyShape = fc
  .record({
    id: fc.string({ maxLength: 20 }),
    name: fc.string({ maxLength: 40 }),
    args: jsonValue,
    shape: fc.constantFrom('ours', 'openai-chat', 'openai-responses', 'anthropic', 'google'),
  })
  .map(({ id, name, args, shape }) => {
    const text = JSON.stringify(args);
    const entry =
      shape === 'ours'
        ? { id, name, arguments: text }
        : shape === 'openai-chat'
          ? { id, type: 'function', function: { name, arguments: text } }
          : shape === 'openai-responses'
            ? { type: 'function_call', id: `fc_${id}`, call_id: id, name, arguments: text }
            : shape === 'anthropic'
              ? { type: 'tool_use', id, name, input: args }
              : { functionCall: { id, name, args } };
    return { entry, expected: { id, name, arguments: args } };
  });

describe('parseToolCalls: property', () => {
  it('every entry with a name, in any shape, gives its id, name and arguments, in order; the JSON text of the list gives the same', () => {
    fc.assert(
      fc.property(
        fc.array(anyShape, { maxLength: 8 }),
        fc.array(fc.anything(), { maxLength: 4 }),
        (calls, noise) => {
          const nameless = noise.filter(
            (value) => !JSON.stringify(value ?? null)?.includes('"name"'),
          );
          const list = [...nameless, ...calls.map((call) => call.entry)];
          const expected = calls.map((call) => call.expected);
          expect(parseToolCalls(list)).toEqual(expected);
          expect(parseToolCalls(JSON.stringify(list))).toEqual(expected);
        },
      ),
    );
  });
});
