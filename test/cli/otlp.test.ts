import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import {
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
} from '@opentelemetry/semantic-conventions/incubating';
import { describe, expect, it } from 'vitest';
import { OTEL_ERROR_TYPE, OTEL_EVENT_ATTRIBUTE_NAMES } from '../../src/fields/event-fields.js';
import { spanIdOf, traceIdOf } from '../../src/otlp/span.js';
import { runCli } from '../helpers/cli.js';
import { attributesOf, type DecodedSpan, decodeOtlpJson } from '../helpers/otlp-receiver.js';

const FIXTURE = 'test/cli/fixtures/agent.ndjson';
const A = '4bf92f3577b34da6a3ce929d0e0e4736';
const B = 'c0ffee00c0ffee00c0ffee00c0ffee00';
const T0 = 1795428000000n * 1_000_000n; // 2026-11-23T10:00:00Z in unix nanos

describe('leanllm-logs --format otlp', () => {
  it('writes an ExportTraceServiceRequest that OpenTelemetry’s OTLP definitions decode: a span per call', async () => {
    const { status, stdout, stderr } = await runCli(['--format', 'otlp', FIXTURE]);
    expect([status, stderr]).toEqual([0, '']);
    const request = decodeOtlpJson(stdout);
    expect(request.resourceSpans).toHaveLength(1);
    const [resourceSpans] = request.resourceSpans;
    expect(resourceSpans?.resource.attributes).toEqual([
      { key: 'service.name', value: { stringValue: 'unknown_service' } },
    ]);
    const [scopeSpans] = resourceSpans?.scopeSpans ?? [];
    expect(scopeSpans?.scope).toEqual({ name: 'leanllm-context', version: '0.1.0' });
    const spans = scopeSpans?.spans ?? [];
    const byEvent = new Map(spans.map((span) => [attributesOf(span)['leanllm.event_id'], span]));
    expect([...byEvent.keys()]).toEqual([
      'plan-1',
      'fetch-1',
      'search-1',
      'write-1',
      'write-2',
      'check-1',
      'solo-1',
    ]);
    const span = (id: string) => byEvent.get(id) as DecodedSpan;

    // trace: the 32-hex correlation id as it is; span ids from event ids; parents from lineage
    expect(spans.map((s) => s.traceId)).toEqual([A, A, A, A, A, A, B]);
    for (const [id, s] of byEvent) expect(s.spanId).toBe(spanIdOf(id as string));
    const parentOf = (id: string) => span(id).parentSpanId;
    expect(parentOf('plan-1')).toBe(undefined);
    for (const id of ['fetch-1', 'search-1', 'write-1', 'write-2']) {
      expect(parentOf(id)).toBe(span('plan-1').spanId);
    }
    expect(parentOf('check-1')).toBe(span('write-2').spanId);
    // an orphan keeps its parent's span id: the parent may be in another file of the trace
    expect(parentOf('solo-1')).toBe(spanIdOf('gone-away'));

    // start = time - latency, end = time; a CLIENT span named "{operation} {model}"
    expect(span('plan-1')).toMatchObject({
      name: 'chat gpt-4o',
      kind: 3,
      startTimeUnixNano: String(T0),
      endTimeUnixNano: String(T0 + 1_200_000_000n),
      status: {},
    });
    expect(span('check-1')).toMatchObject({
      startTimeUnixNano: String(T0 + 3_800_000_000n),
      endTimeUnixNano: String(T0 + 4_100_000_000n),
    });
    expect(attributesOf(span('plan-1'))).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.conversation.id': A,
      'gen_ai.usage.input_tokens': '500',
      'gen_ai.usage.output_tokens': '120',
      'session.id': 'sess-1',
      'user.id': 'u-42',
      'deployment.environment.name': 'test',
      'leanllm.event_id': 'plan-1',
      'leanllm.status': 'ok',
      'leanllm.usage.total_tokens': '620',
      'leanllm.cost_usd': 0.00245,
      'leanllm.cost_source': 'table',
      'leanllm.price_table': 'builtin-2026-11',
      'leanllm.feature': 'research',
      'leanllm.section_path': 'agent:planner',
      'leanllm.tool_calls':
        '[{"id":"call_a","name":"search","arguments":"{\\"q\\":\\"pino transports\\"}"},{"id":"call_b","name":"fetch_page","arguments":"{\\"url\\":\\"https://getpino.io\\""}]',
    });

    // a failed call: ERROR status with the message, error.type the error's class
    expect(span('write-1').status).toEqual({ code: 2, message: '429 Too Many Requests' });
    expect(attributesOf(span('write-1'))).toMatchObject({
      'error.type': 'RateLimitError',
      'leanllm.status': 'error',
      'leanllm.sampling_iteration': '0',
    });
    expect(attributesOf(span('write-1'))).not.toHaveProperty('gen_ai.usage.input_tokens');
  });

  it('writes the same document to a file with -o; an unwritable file is a clear error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'leanllm-otlp-'));
    try {
      const file = join(dir, 'spans.json');
      const written = await runCli(['--format', 'otlp', '-o', file, FIXTURE]);
      expect(written).toEqual({ status: 0, stdout: '', stderr: '' });
      const printed = await runCli(['--format', 'otlp', FIXTURE]);
      expect(await readFile(file, 'utf8')).toBe(printed.stdout);
      const missing = join(dir, 'no-such-dir', 'spans.json');
      expect(await runCli(['--format', 'otlp', '-o', missing, FIXTURE])).toEqual({
        status: 2,
        stdout: '',
        stderr: `leanllm-logs: cannot write ${missing}: ENOENT: no such file or directory, open '${missing}'\n`,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('writes an empty request when there is no call', async () => {
    const { status, stdout } = await runCli(['--format', 'otlp'], { stdin: ['{"msg":"hi"}\n'] });
    expect(status).toBe(0);
    expect(decodeOtlpJson(stdout).resourceSpans[0]?.scopeSpans[0]).toEqual({
      scope: { name: 'leanllm-context', version: '0.1.0' },
    });
  });

  it('derives a trace id from any other correlation id, and a span id from any event id, stably', () => {
    const sha = (text: string) => createHash('sha256').update(text).digest('hex');
    expect(traceIdOf('checkout-42')).toBe(sha('leanllm.correlation\ncheckout-42').slice(0, 32));
    expect(traceIdOf('4BF92F3577B34DA6A3CE929D0E0E4736')).toBe(A);
    expect(traceIdOf('0'.repeat(32))).toBe(
      sha(`leanllm.correlation\n${'0'.repeat(32)}`).slice(0, 32),
    );
    expect(spanIdOf('V1StGXR8_Z5jdHi6B-myT')).toBe(
      sha('leanllm.event\nV1StGXR8_Z5jdHi6B-myT').slice(0, 16),
    );
    expect(spanIdOf('00f067aa0ba902b7')).toBe('00f067aa0ba902b7');
  });

  it('names attributes as the GenAI semantic conventions (1.45.0) do', () => {
    const names = OTEL_EVENT_ATTRIBUTE_NAMES;
    expect([
      names.operation,
      names.provider,
      names.model,
      names.responseModel,
      names.correlationId,
      names.inputTokens,
      names.outputTokens,
      names.cacheReadTokens,
      names.cacheWriteTokens,
      names.reasoningTokens,
      OTEL_ERROR_TYPE,
    ]).toEqual([
      ATTR_GEN_AI_OPERATION_NAME,
      ATTR_GEN_AI_PROVIDER_NAME,
      ATTR_GEN_AI_REQUEST_MODEL,
      ATTR_GEN_AI_RESPONSE_MODEL,
      ATTR_GEN_AI_CONVERSATION_ID,
      ATTR_GEN_AI_USAGE_INPUT_TOKENS,
      ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
      ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
      ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
      ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
      ATTR_ERROR_TYPE,
    ]);
    const others = Object.values(names).filter((name) => !name.startsWith('gen_ai.'));
    for (const name of others) expect(name).toMatch(/^leanllm\.[a-z_.]+$/);
  });
});
