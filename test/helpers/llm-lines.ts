import type { LlmEvent } from '../../src/graph/index.js';

/** The base time of the fixtures: 2026-11-23T10:00:00.000Z. */
export const T0 = Date.UTC(2026, 10, 23, 10, 0, 0);

/** Fields of an `llm.call` line, snake_case as the writer puts them on the line. */
export type LineFields = Record<string, unknown>;

/**
 * An `llm.call` line exactly as the events writer and pino write it: pino's level, time, pid and
 * hostname, the context keys, then the event keys, then `msg`. `fields` override or add keys;
 * a key set to `undefined` is left out.
 */
export function eventLine(fields: LineFields = {}): string {
  const line: LineFields = {
    level: 30,
    time: T0 + 1000,
    pid: 4242,
    hostname: 'box',
    session_id: 'sess-1',
    user_id: 'u-42',
    feature: 'search',
    environment: 'test',
    event: 'llm.call',
    event_version: 1,
    event_id: 'evt-1',
    correlation_id: 'corr-1',
    parent_request_id: undefined,
    model: 'gpt-4o-mini',
    provider: 'openai',
    operation: 'chat',
    status: 'ok',
    input_tokens: 120,
    output_tokens: 30,
    total_tokens: 150,
    cost: 0.000036,
    cost_source: 'table',
    price_table: 'builtin-2026-11',
    latency_ms: 800,
    tool_calls: [],
    msg: 'llm.call',
    ...fields,
  };
  const { msg, ...rest } = line;
  return JSON.stringify({ ...rest, msg });
}

/** An ordinary pino line (not an event). */
export function plainLine(msg = 'fetched 12 documents', fields: LineFields = {}): string {
  return JSON.stringify({ level: 30, time: T0, pid: 4242, hostname: 'box', ...fields, msg });
}

/** A minimal `LlmEvent` for graph tests: `ok`, 100 ms, ending at `T0 + 1000` unless told. */
export function llmEvent(fields: Partial<LlmEvent> & Pick<LlmEvent, 'eventId'>): LlmEvent {
  return {
    eventVersion: 1,
    correlationId: 'corr-1',
    time: T0 + 1000,
    model: 'gpt-4o-mini',
    provider: 'openai',
    status: 'ok',
    latencyMs: 100,
    toolCalls: [],
    ...fields,
  };
}
