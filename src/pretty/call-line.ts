import { CONTEXT_LOG_KEYS } from '../fields/context-fields.js';
import { EVENT_LOG_KEYS, LLM_CALL_EVENT } from '../fields/event-fields.js';
import { amountOf, type PrettyColors, SEPARATOR, textOf } from './text.js';

/** True for an `llm.call` line (its `event` key), whatever its message key says. */
export function isLlmCallLine(log: Readonly<Record<string, unknown>>): boolean {
  return log.event === LLM_CALL_EVENT;
}

/** `$0.0030`: four decimals, more digits for a cost below a hundredth of a cent, `$?` unknown. */
function costText(cost: number | undefined): string {
  if (cost === undefined) return '$?';
  if (cost > 0 && cost < 0.0001) return `$${cost.toPrecision(2)}`;
  return `$${cost.toFixed(4)}`;
}

/** The distinct tool names of the line's `tool_calls`, in call order. */
function toolNames(toolCalls: unknown): string[] {
  if (!Array.isArray(toolCalls)) return [];
  const names = new Set<string>();
  for (const call of toolCalls) {
    const name = typeof call === 'object' && call !== null ? textOf(call.name) : undefined;
    if (name !== undefined) names.add(name);
  }
  return [...names];
}

/** `error RateLimitError: slow down` (in red): the failed call's error type and message. */
function errorText(error: unknown, colors: PrettyColors): string {
  const { type, message } = (typeof error === 'object' && error !== null ? error : {}) as Record<
    string,
    unknown
  >;
  const what = [textOf(type) ?? 'Error', textOf(message)].filter(Boolean).join(': ');
  return colors.red(`error ${what}`);
}

/**
 * An `llm.call` line as one line of text: `llm.call gpt-5.4 (openai) 510 ms · $0.0030 · 876 tok
 * · tools: web_search · agent:planner`, a failed call ending in its error type and message in
 * red. Parts the line does not carry are left out; an unknown cost is `$?` (unknown is not zero).
 */
export function llmCallText(log: Readonly<Record<string, unknown>>, colors: PrettyColors): string {
  const keys = EVENT_LOG_KEYS;
  const model = textOf(log[keys.model]) ?? '?';
  const provider = textOf(log[keys.provider]);
  const head = `${LLM_CALL_EVENT} ${model}${provider === undefined ? '' : ` (${provider})`}`;
  const parts: string[] = [];
  const latency = amountOf(log[keys.latencyMs]);
  const ttft = amountOf(log[keys.ttftMs]);
  if (latency !== undefined) {
    parts.push(
      `${Math.round(latency)} ms${ttft === undefined ? '' : ` (ttft ${Math.round(ttft)} ms)`}`,
    );
  }
  parts.push(costText(amountOf(log[keys.cost])));
  const tokens = amountOf(log[keys.totalTokens]);
  if (tokens !== undefined) parts.push(`${tokens} tok`);
  const tools = toolNames(log[keys.toolCalls]);
  if (tools.length > 0) parts.push(`tools: ${tools.join(', ')}`);
  const section = textOf(log[CONTEXT_LOG_KEYS.section]);
  if (section !== undefined) parts.push(section);
  if (log[keys.status] === 'error') parts.push(errorText(log[keys.error], colors));
  return `${head} ${parts.join(SEPARATOR)}`;
}
