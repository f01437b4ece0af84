import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { eventLine } from '../helpers/llm-lines.js';

describe('leanllm-logs: a root says where its parent is', () => {
  it('a parent logged under another correlation is named with that correlation, not as missing', async () => {
    const stdin = [
      eventLine({ event_id: 'p-1', correlation_id: 'corr-a', latency_ms: 500 }),
      eventLine({ event_id: 'c-1', correlation_id: 'corr-b', parent_request_id: 'p-1' }),
      eventLine({ event_id: 'c-2', correlation_id: 'corr-b', parent_request_id: 'gone' }),
    ].map((line) => `${line}\n`);
    const { status, stdout } = await runCli([], { stdin });
    expect(status).toBe(0);
    expect(stdout.split('\n').filter((line) => line.includes('parent '))).toEqual([
      '├─ gpt-4o-mini (openai) · $0.000036 · 800 ms · 150 tok · parent p-1 in correlation corr-a · id c-1',
      '└─ gpt-4o-mini (openai) · $0.000036 · 800 ms · 150 tok · parent gone not in the log · id c-2',
    ]);
  });
});
