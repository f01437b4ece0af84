import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCorrelationId, section, trace, withContext } from '../../src/index.js';
import { contextSpanProcessor } from '../../src/otel/index.js';
import { randomHop, seededRandom } from '../helpers/random.js';
import { tracing } from '../helpers/tracing.js';

const FLOWS = 200;
const STEPS = 4;

describe.each([
  { manager: 'no context manager', register: false },
  { manager: 'AsyncLocalStorageContextManager', register: true },
])('200 interleaved flows, $manager', ({ register }) => {
  beforeAll(() => {
    if (register) context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  });
  afterAll(() => {
    if (register) context.disable();
  });

  it("every span carries exactly its own flow's ids", async () => {
    const random = seededRandom(register ? 8_2026 : 8_1126);
    const { tracer, spans } = tracing(contextSpanProcessor());
    const correlations = new Map<number, string>();

    const flow = (i: number) =>
      trace(() =>
        withContext({ sessionId: `s-${i}`, userId: `u-${i}`, tags: { flow: String(i) } }, () =>
          tracer.startActiveSpan(`flow-${i}`, async (root) => {
            correlations.set(i, getCorrelationId() ?? 'missing');
            for (let step = 0; step < STEPS; step++) {
              await randomHop(random);
              const name = `flow-${i}-step-${step}`;
              if (step % 2 === 1) {
                await section(`step-${step}`, async () => {
                  await randomHop(random);
                  withContext({ samplingIteration: step }, () => tracer.startSpan(name).end());
                });
              } else {
                await tracer.startActiveSpan(name, async (span) => {
                  await randomHop(random);
                  span.end();
                });
              }
            }
            root.end();
          }),
        ),
      );

    await Promise.all(Array.from({ length: FLOWS }, (_, i) => flow(i)));

    const exported = spans();
    expect(exported).toHaveLength(FLOWS * (STEPS + 1));
    for (const { name, attributes } of exported) {
      const [, flowIndex, , stepIndex] = name.split('-');
      const i = Number(flowIndex);
      const step = stepIndex === undefined ? undefined : Number(stepIndex);
      const expected: Record<string, unknown> = {
        'session.id': `s-${i}`,
        'user.id': `u-${i}`,
        'gen_ai.conversation.id': correlations.get(i),
        'leanllm.tag.flow': String(i),
      };
      if (step !== undefined && step % 2 === 1) {
        expected['leanllm.sampling_iteration'] = step;
        expected['leanllm.section_path'] = `step-${step}`;
      }
      expect(attributes, name).toEqual(expected);
    }
    expect(new Set(correlations.values()).size).toBe(FLOWS);
  });
});
