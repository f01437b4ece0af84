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
