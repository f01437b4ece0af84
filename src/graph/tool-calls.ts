import type { ToolCall } from '../events/schema.js';

/**
 * A tool call read back from a log: the provider's `id` and `name`, and its `arguments` parsed
 * from JSON. When the argument text is not valid JSON (a provider or a stream cut it short),
 * `arguments` is `undefined` and the text is kept, unchanged, in `rawArguments`.
 *
 * @example
 * ```ts
 * const call: ToolCallRecord = { id: 'call_1', name: 'search', arguments: { q: 'pino' } };
 * const cut: ToolCallRecord = { id: 'call_2', name: 'search', arguments: undefined, rawArguments: '{"q":"pi' };
 * ```
 */
export interface ToolCallRecord {
  readonly id: string;
  readonly name: string;
  /** The argument text parsed as JSON; `undefined` when it does not parse. */
  readonly arguments: unknown;
  /** The provider's argument text, present only when it is not valid JSON. */
  readonly rawArguments?: string;
}

/**
 * Parses the `tool_calls` of an LLM call (`[{ id, name, arguments }]`, `arguments` being the
 * provider's JSON text) into records whose `arguments` are values. Accepts the array as
 * `LlmEvent.toolCalls` has it, or its JSON text; an entry that is not an object with a string
 * `name` is skipped, a missing `id` reads as `''`, and `arguments` already given as a value
 * (not text) is kept as it is. Never throws: anything that is not an array gives `[]`.
 *
 * @example
 * ```ts
 * import { parseToolCalls } from 'leanllm-context/graph';
 *
 * parseToolCalls([{ id: 'call_1', name: 'search', arguments: '{"q":"pino"}' }]);
 * // → [{ id: 'call_1', name: 'search', arguments: { q: 'pino' } }]
 * parseToolCalls([{ id: 'call_2', name: 'search', arguments: '{"q":' }]);
 * // → [{ id: 'call_2', name: 'search', arguments: undefined, rawArguments: '{"q":' }]
 * ```
 */
export function parseToolCalls(raw: readonly ToolCall[] | string | unknown): ToolCallRecord[] {
  const list = typeof raw === 'string' ? parseJson(raw) : raw;
  if (!Array.isArray(list)) return [];
  const records: ToolCallRecord[] = [];
  for (const entry of list as unknown[]) {
    const record = toRecord(entry);
    if (record !== undefined) records.push(record);
  }
  return records;
}

function toRecord(entry: unknown): ToolCallRecord | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const { id, name, arguments: args } = entry as Record<string, unknown>;
  if (typeof name !== 'string') return undefined;
  const base = { id: typeof id === 'string' ? id : '', name };
  if (typeof args !== 'string') return { ...base, arguments: args };
  const parsed = parseJson(args);
  return parsed === NOT_JSON
    ? { ...base, arguments: undefined, rawArguments: args }
    : { ...base, arguments: parsed };
}

const NOT_JSON: unique symbol = Symbol('not JSON');

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}
