import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { isSampledIn } from '../../src/events/sampling.js';
import { OTEL_TAG_PREFIX } from '../../src/fields/context-fields.js';
import { OTEL_ERROR_TYPE } from '../../src/fields/event-fields.js';
import { LINE_FIELDS } from '../../src/fields/line-fields.js';
import {
  configure,
  type LlmEvent,
  LlmEventSchema,
  logLlmCall,
  parseLogLine,
  resetConfiguration,
  withContext,
} from '../../src/index.js';
import { capture } from '../helpers/capture.js';
import { runCli } from '../helpers/cli.js';

// A field added to the registry (src/fields/) and forgotten anywhere fails here: each one must
// be written by logLlmCall, read back by parseLogLine, exported by `--format otlp` and shown by
// `--format html`, unless the registry itself says otherwise (`otlp: 'none'`, `detailRow: false`).

/** A correlation that sampling at 0.5 keeps, so that the line carries `sample_rate`. */
const SAMPLED = Array.from({ length: 100 }, (_, i) => `corr-${i}`).find((id) =>
  isSampledIn(id, 0.5),
) as string;
/** One it drops, so that an error there carries `sampled_out`. */
const DROPPED = Array.from({ length: 100 }, (_, i) => `corr-${i}`).find(
  (id) => !isSampledIn(id, 0.5),
) as string;

const CONTEXT = {
  correlationId: SAMPLED,
  sessionId: 'sess-1',
  requestId: 'req-1',
  modelId: 'ctx-model',
  samplingIteration: 2,
  userId: 'user-1',
  feature: 'search',
  environment: 'prod',
  section: 'agent',
  tags: { tier: 'gold' },
} as const;

/**
 * The provider response the first call read its usage from (an OpenAI chat completion): what a
 * field that only an adapter supplies is read from. The call's own fields win over it.
 */
const RESPONSE = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1_764_000_000,
  model: 'gpt-4o-mini-2024-07-18',
  choices: [
    { index: 0, message: { role: 'assistant', content: 'A logger.' }, finish_reason: 'stop' },
  ],
  usage: { prompt_tokens: 1200, completion_tokens: 85, total_tokens: 1285 },
  service_tier: 'default',
};

/**
 * Lines that together carry every field: a priced streamed call, a failed child with a provider
 * cost, and a failed call of a correlation sampling drops.
 */
function logEveryField(keys: 'snake_case' | 'otel'): { lines: string[]; events: LlmEvent[] } {
  configure({ sampleRate: 0.5, captureContent: { maxChars: 100 }, logKeys: keys });
  const { logger, raw } = capture({ timestamp: pino.stdTimeFunctions.epochTime });
  const events = withContext(CONTEXT, () => {
    const first = logLlmCall(logger, {
      model: 'gpt-4o-mini',
      provider: 'openai',
      operation: 'chat',
      latencyMs: 812,
      responseModel: 'gpt-4o-mini-2024-07-18',
      inputTokens: 1200,
      outputTokens: 85,
      totalTokens: 1285,
      cacheReadTokens: 100,
      cacheWriteTokens: 20,
      cacheWrite1hTokens: 5,
      reasoningTokens: 10,
      ttftMs: 120,
      stream: true,
      toolCalls: [{ id: 'call_1', name: 'search', arguments: '{"q":"pino"}' }],
      prompt: 'What is pino?',
      completion: 'A logger.',
      response: RESPONSE,
    });
    const second = logLlmCall(logger, {
      model: 'claude-x',
      provider: 'anthropic',
      latencyMs: 30,
      parentRequestId: first.eventId,
      cost: 0.5,
      error: new Error('boom'),
    });
    const third = logLlmCall(logger, {
      model: 'claude-x',
      provider: 'anthropic',
      latencyMs: 20,
      correlationId: DROPPED,
      error: new Error('rate limited'),
    });
    return [first, second, third];
  });
  return { lines: raw.map((line) => line.trim()), events };
}

afterEach(() => resetConfiguration());

describe('the field registry, walked', () => {
  it('lists the fields of LlmEventSchema, in its order', () => {
    expect(LINE_FIELDS.map((field) => field.name)).toEqual(Object.keys(LlmEventSchema.shape));
    for (const field of LINE_FIELDS) {
      const optional = LlmEventSchema.shape[field.name].isOptional();
      expect({ name: field.name, required: field.spec.required === true }).toEqual({
        name: field.name,
        required: !optional && field.spec.kind !== 'version' && field.spec.kind !== 'list',
      });
    }
  });

  it.each(['snake_case', 'otel'] as const)(
    'every field is written by logLlmCall and read back by parseLogLine (keys: %s)',
    (keys) => {
      const { lines, events } = logEveryField(keys);
      const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      for (const field of LINE_FIELDS) {
        const key = keys === 'otel' ? field.otelKey : field.spec.logKey;
        if (key === undefined) continue; // not on this kind of line (the registry says so)
        const written = records.some((record) =>
          field.spec.kind === 'map' && keys === 'otel'
            ? Object.keys(record).some((name) => name.startsWith(OTEL_TAG_PREFIX))
            : record[key] !== undefined,
        );
        expect({ field: field.name, written }).toEqual({ field: field.name, written: true });
      }
      // The line's keys follow the registry's order (toLine is unrolled by hand).
      const order = LINE_FIELDS.map((field) => field.spec.logKey);
      if (keys === 'snake_case') {
        for (const record of records) {
          const known = Object.keys(record).filter((key) => order.includes(key) && key !== 'time');
          expect(known).toEqual([...known].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
        }
      }
      // What an OpenTelemetry-named line does not carry (the context's modelId) is not read back.
      const absent = LINE_FIELDS.filter((field) => keys === 'otel' && field.otelKey === undefined);
      const expected = events.map((event) => {
        const copy: Record<string, unknown> = { ...event };
        for (const field of absent) delete copy[field.name];
        return copy;
      });
      expect(lines.map((line) => parseLogLine(line))).toEqual(expected);
    },
  );

  it('every field is exported by `--format otlp` unless the registry says otherwise', async () => {
    const { lines } = logEveryField('snake_case');
    const result = await runCli(['--format', 'otlp'], { stdin: [`${lines.join('\n')}\n`] });
    const spans = JSON.parse(result.stdout).resourceSpans[0].scopeSpans[0].spans as {
      attributes: { key: string }[];
      startTimeUnixNano: string;
      endTimeUnixNano: string;
    }[];
    const keys = new Set(spans.flatMap((span) => span.attributes.map((a) => a.key)));
    for (const field of LINE_FIELDS) {
      const { otlp, kind } = field.spec;
      const exported =
        otlp === 'none' ||
        (kind === 'map'
          ? [...keys].some((key) => key.startsWith(OTEL_TAG_PREFIX))
          : kind === 'error'
            ? keys.has(OTEL_ERROR_TYPE)
            : otlp === 'span'
              ? spans.every((span) => BigInt(span.endTimeUnixNano) > BigInt(span.startTimeUnixNano))
              : keys.has(field.otelKey as string));
      expect({ field: field.name, exported }).toEqual({ field: field.name, exported: true });
    }
  });

  it('every field has a row in the HTML report unless the registry says otherwise', async () => {
    const { lines } = logEveryField('snake_case');
    const result = await runCli(['--format', 'html'], { stdin: [`${lines.join('\n')}\n`] });
    const data = JSON.parse(
      (/<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(
        result.stdout,
      )?.[1] ?? '{}') as string,
    ) as { graphs: { nodes: { fields: [string, string][] }[] }[] };
    const labels = new Set(
      data.graphs.flatMap((graph) => graph.nodes.flatMap((call) => call.fields.map(([l]) => l))),
    );
    for (const field of LINE_FIELDS) {
      if (field.spec.detailRow === false) continue;
      const label = field.spec.kind === 'map' ? `${field.spec.label} tier` : field.spec.label;
      expect({ field: field.name, shown: labels.has(label) }).toEqual({
        field: field.name,
        shown: true,
      });
    }
  });
});
