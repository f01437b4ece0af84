import { describe, expect, it } from 'vitest';
import {
  contextLogger,
  contextMixin,
  getCorrelationId,
  section,
  trace,
  withContext,
} from '../../src/index.js';
import { capture } from '../helpers/capture.js';
import { randomHop, seededRandom } from '../helpers/random.js';

const FLOWS = 1000;
const STEPS = 5;

describe('1,000 concurrent flows', () => {
  it('every line of every flow carries exactly its own fields, through both paths', async () => {
    const random = seededRandom(20261123);
    const viaMixin = capture({ mixin: contextMixin() });
    const viaLogger = capture();
    const log = contextLogger(viaLogger.logger);
    /** The correlation id each flow's trace() generated, read inside the flow. */
    const correlations = new Map<number, string>();

    const flow = (i: number) =>
      trace(() =>
        withContext(
          { sessionId: `s-${i}`, userId: `u-${i}`, tags: { flow: String(i) } },
          async () => {
            correlations.set(i, getCorrelationId() ?? 'missing');
            for (let step = 0; step < STEPS; step++) {
              await randomHop(random);
              const write = () => {
                viaMixin.logger.info({ flow: i, step }, 'step');
                log.info({ flow: i, step }, 'step');
              };
              if (step % 2 === 1) {
                await section(`step-${step}`, async () => {
                  await randomHop(random);
                  withContext({ samplingIteration: step }, write);
                });
              } else {
                write();
              }
            }
          },
        ),
      );

    await Promise.all(Array.from({ length: FLOWS }, (_, i) => flow(i)));

    for (const captured of [viaMixin, viaLogger]) {
      const lines = captured.lines();
      expect(lines).toHaveLength(FLOWS * STEPS);
      let checked = 0;
      for (const line of lines) {
        const i = line.flow as number;
        const step = line.step as number;
        const expected: Record<string, unknown> = {
          level: 30,
          session_id: `s-${i}`,
          user_id: `u-${i}`,
          correlation_id: correlations.get(i),
          tags: { flow: String(i) },
          flow: i,
          step,
          msg: 'step',
        };
        if (step % 2 === 1) {
          expected.sampling_iteration = step;
          expected.section_path = `step-${step}`;
        }
        expect(line).toEqual(expected);
        checked++;
      }
      expect(checked).toBe(FLOWS * STEPS);
    }
    expect(new Set(correlations.values()).size).toBe(FLOWS);
    for (const id of correlations.values()) expect(id).toMatch(/^[0-9a-f]{32}$/);
  });
});
