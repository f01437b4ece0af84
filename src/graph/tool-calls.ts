import type { ToolCall } from '../events/schema.js';
import { NOT_JSON, parseJson } from '../util/parse-json.js';

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
 * Parses tool calls into records whose `arguments` are values. Reads the `tool_calls` of an
 * `llm.call` line (`[{ id, name, arguments }]`, `arguments` being the provider's JSON text; the
 * array as `LlmEvent.toolCalls` has it, or its JSON text) and the raw provider shapes, so a
 * response can be handed over as it came:
 * - OpenAI chat: `{ id, type: 'function', function: { name, arguments } }`;
 * - OpenAI Responses: `{ type: 'function_call', call_id, name, arguments }` (`call_id` is the id);
 * - Anthropic: `{ type: 'tool_use', id, name, input }` (`input` kept as the value);
 * - Google: `{ functionCall: { id?, name, args } }` (`args` kept as the value).
 * Argument text that is not valid JSON gives `arguments: undefined` and the text, unchanged, in
 * `rawArguments`; arguments given as a value are kept as they are. An entry with a string name
 * is never dropped (a missing id reads as `''`); anything else in the list (an Anthropic text
 * block, a Google text part, garbage) is skipped. Never throws: anything that is not an array
 * gives `[]`.
 *
 * @example
 * ```ts
 * import { parseToolCalls } from 'leanllm-context/graph';
 *
 * parseToolCalls([{ id: 'call_1', name: 'search', arguments: '{"q":"pino"}' }]);
 * // → [{ id: 'call_1', name: 'search', arguments: { q: 'pino' } }]
 * parseToolCalls(completion.choices[0].message.tool_calls); // OpenAI chat, as returned
 * parseToolCalls(message.content); // Anthropic: the tool_use blocks, input as given
 * parseToolCalls([{ id: 'call_2', name: 'search', arguments: '{"q":' }]);
 * // → [{ id: 'call_2', name: 'search', arguments: undefined, rawArguments: '{"q":' }]
 * ```
 */
export function parseToolCalls(raw: readonly ToolCall[] | string | unknown): ToolCallRecord[] {
  const list = typeof raw === 'string' ? parseJson(raw) : raw;
  if (!Array.isArray(list)) return [];
  const records: ToolCallRecord[] = [];
  for (const entry of list as unknown[]) {
    let record: ToolCallRecord | undefined;
    try {
      record = toRecord(entry);
    } catch {
      // An entry that cannot be read (a throwing getter or proxy) is skipped.
    }
    if (record !== undefined) records.push(record);
  }
  return records;
}

type Entry = Record<string, unknown>;

const isObject = (value: unknown): value is Entry => typeof value === 'object' && value !== null;

/**
 * `{ id, name, args }` of one entry, in whichever of the shapes read it has; `isText` when
 * `args` is the provider's argument text (ours, OpenAI), not a value (Anthropic, Google).
 */
function unwrap(entry: Entry): { id: unknown; name: unknown; args: unknown; isText: boolean } {
  if (isObject(entry.function)) {
    const call = entry.function;
    return { id: entry.id, name: call.name, args: call.arguments, isText: true };
  }
  if (entry.type === 'function_call') {
    return { id: entry.call_id ?? entry.id, name: entry.name, args: entry.arguments, isText: true };
  }
  if (entry.type === 'tool_use') {
    return { id: entry.id, name: entry.name, args: entry.input, isText: false };
  }
  if (isObject(entry.functionCall)) {
    const call = entry.functionCall;
    return { id: call.id, name: call.name, args: call.args, isText: false };
  }
  return { id: entry.id, name: entry.name, args: entry.arguments, isText: true };
}

function toRecord(entry: unknown): ToolCallRecord | undefined {
  if (!isObject(entry)) return undefined;
  const { id, name, args, isText } = unwrap(entry);
  if (typeof name !== 'string') return undefined;
  const base = { id: typeof id === 'string' ? id : '', name };
  if (!isText || typeof args !== 'string') return { ...base, arguments: args };
  const parsed = parseJson(args);
  return parsed === NOT_JSON
    ? { ...base, arguments: undefined, rawArguments: args }
    : { ...base, arguments: parsed };
}
