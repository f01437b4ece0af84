import { eventLine, T0 } from './llm-lines.js';
import { seededRandom } from './random.js';

export const USERS = ['u-1', 'u-2', 'u-3'] as const;
export const FEATURES = ['search', 'chat', 'summarize'] as const;
export const MODELS = [
  ['gpt-4o', 'openai'],
  ['gpt-4o-mini', 'openai'],
  ['claude-sonnet-4-5', 'anthropic'],
] as const;

/** What the generator wrote, tallied as it wrote it: calls and cost in 1/65536 USD units. */
export interface GeneratedTally {
  calls: number;
  costUnits: number;
}

/** A generated log, and its tallies per user, feature and model. */
export interface GeneratedLog {
  readonly lines: string[];
  readonly byUser: Map<string, GeneratedTally>;
  readonly byFeature: Map<string, GeneratedTally>;
  readonly byModel: Map<string, GeneratedTally>;
}

function tally(map: Map<string, GeneratedTally>, key: string, costUnits: number): void {
  const entry = map.get(key) ?? { calls: 0, costUnits: 0 };
  entry.calls++;
  entry.costUnits += costUnits;
  map.set(key, entry);
}

/**
 * A log of `correlations` agent runs: each a chain of 1–4 calls by one user in one feature,
 * models, latencies and costs drawn from `seed`; a call in 7 fails, one in 9 has no cost (and no
 * tokens), and one run in 4 retries its last step (sampling_iteration 0, 1, ...), with a line
 * without a user or feature now and then. Costs are multiples of 1/65536 USD, so any sum of them
 * is exact in floating point. Other log lines sit between the events.
 */
export function generateLog(seed: number, correlations: number): GeneratedLog {
  const random = seededRandom(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  const log: GeneratedLog = {
    lines: [],
    byUser: new Map(),
    byFeature: new Map(),
    byModel: new Map(),
  };
  let clock = T0;
  for (let c = 0; c < correlations; c++) {
    const correlationId = `corr-${seed}-${c}`;
    const anonymous = random() < 0.1;
    const user = anonymous ? undefined : pick(USERS);
    const feature = anonymous ? undefined : pick(FEATURES);
    const steps = 1 + Math.floor(random() * 4);
    const retries = random() < 0.25 ? 1 + Math.floor(random() * 2) : 0;
    let parent: string | undefined;
    for (let step = 0; step < steps + retries; step++) {
      const [model, provider] = pick(MODELS);
      const latency = 50 + Math.floor(random() * 2000);
      clock += latency + Math.floor(random() * 100);
      const failed = random() < 1 / 7;
      const costUnits = random() < 1 / 9 ? undefined : 1 + Math.floor(random() * 900);
      const retry = step >= steps - 1 && retries > 0;
      const eventId = `${correlationId}-e${step}`;
      log.lines.push(
        eventLine({
          time: clock,
          user_id: user,
          feature,
          session_id: `sess-${c % 7}`,
          event_id: eventId,
          correlation_id: correlationId,
          parent_request_id: parent,
          model,
          provider,
          status: failed ? 'error' : 'ok',
          error: failed ? { type: 'RateLimitError', message: 'slow down' } : undefined,
          cost: costUnits === undefined ? undefined : costUnits / 65536,
          input_tokens: costUnits === undefined ? undefined : costUnits * 3,
          output_tokens: costUnits === undefined ? undefined : costUnits,
          total_tokens: costUnits === undefined ? undefined : costUnits * 4,
          latency_ms: latency,
          section_path: retry ? 'agent/step:answer' : `agent/step:${step}`,
          sampling_iteration: retry ? step - (steps - 1) : undefined,
        }),
      );
      if (random() < 0.3)
        log.lines.push(JSON.stringify({ level: 30, time: clock, msg: 'tool ran' }));
      parent = eventId;
      tally(log.byUser, user ?? '(none)', costUnits ?? 0);
      tally(log.byFeature, feature ?? '(none)', costUnits ?? 0);
      tally(log.byModel, model, costUnits ?? 0);
    }
  }
  return log;
}
