// `withOptions()` on a wrapped client, run against the real `openai` and `@anthropic-ai/sdk`
// clients pointed at a loopback server: the copy is wrapped as the client it was made from.

import { describe, expect, it } from 'vitest';
import { trace, type WrapClientOptions } from '../../src/index.js';
import type { LlmServer, ReceivedRequest, ScriptedResponse } from '../helpers/llm-server.js';
import { CORRELATION, recorder } from '../helpers/wrapped.js';

/** The request options of an SDK client's `withOptions()` these tests use. */
interface CopyOptions {
  readonly maxRetries?: number;
  readonly defaultHeaders?: Record<string, string>;
}

/** An SDK client with `withOptions()`, which returns a new client of its kind. */
interface CopyableClient {
  withOptions(options: CopyOptions): this;
}

/** One model call, the answer the server gives it and its line (but for ids and timings). */
interface ScriptedCall<C> {
  readonly make: (client: C) => Promise<unknown>;
  readonly answer: ScriptedResponse;
  readonly line: Readonly<Record<string, unknown>>;
}

/** What the suite needs of one SDK. */
export interface WithOptionsCase<C extends CopyableClient> {
  /** `wrapOpenAI` or `wrapAnthropic`, which the messages name. */
  readonly caller: string;
  /** The SDK major, for the test names. */
  readonly label: string;
  readonly server: () => LlmServer;
  /** The SDK client on the server, made with `maxRetries: 0`. */
  readonly raw: () => C;
  readonly wrap: (client: C, options: WrapClientOptions) => C;
  /** A plain call and its line. */
  readonly call: ScriptedCall<C>;
  /** A call through one of the SDK's helpers (`stream()`), with the wrapper options it needs. */
  readonly helper: ScriptedCall<C> & {
    readonly options: Partial<WrapClientOptions>;
    /** What the helper's request body holds. */
    readonly body: object;
  };
  /** A 500 the SDK retries after a millisecond, and the message of the error it throws. */
  readonly serverError: ScriptedResponse;
  readonly errorMessage: string;
}

/** The defaults every client of these tests is wrapped with, on every line. */
const DEFAULTS = { feature: 'search', tags: { team: 'core' } };

/** The header the tests give a copy of a client (`defaultHeaders`). */
const TEAM_HEADER = { 'x-team': 'core' };

/** What a request sent of TEAM_HEADER, and which attempt of the SDK it was (0 first, 1 its retry). */
function sent(request: ReceivedRequest | undefined) {
  return {
    team: request?.headers['x-team'],
    attempt: request?.headers['x-stainless-retry-count'],
  };
}

/** Every test of `withOptions()` on a client wrapped by `sdk.wrap`. */
export function withOptionsSuite<C extends CopyableClient>(sdk: WithOptionsCase<C>) {
  const { call, helper } = sdk;
  const LINE = { ...call.line, ...DEFAULTS };

  /** A fresh recorder and the client wrapped for it, with DEFAULTS. */
  function wrapped(options: Partial<WrapClientOptions> = {}) {
    const record = recorder();
    const client = sdk.wrap(sdk.raw(), { ...record.options, ...DEFAULTS, ...options });
    return { ...record, client };
  }

  describe(`${sdk.caller} (${sdk.label}): withOptions()`, () => {
    it('a call through withOptions() writes the line a call through the client writes, chained after it', async () => {
      const { client, lines, events } = wrapped();
      const patient = client.withOptions({ maxRetries: 1, defaultHeaders: TEAM_HEADER });
      const server = sdk.server();
      server.respond(call.answer);
      server.respond(sdk.serverError);
      server.respond(call.answer);
      await trace({ correlationId: CORRELATION }, async () => {
        await call.make(client);
        await call.make(patient);
      });
      const [direct, copied] = events;
      expect(lines()).toEqual([
        { ...LINE, event_id: direct?.eventId, latency_ms: direct?.latencyMs },
        {
          ...LINE,
          event_id: copied?.eventId,
          parent_request_id: direct?.eventId,
          latency_ms: copied?.latencyMs,
        },
      ]);
      // The copy's options apply: its header on each attempt, and one retry after the 500.
      expect(server.requests.slice(-3).map(sent)).toEqual([
        { team: undefined, attempt: '0' },
        { team: 'core', attempt: '0' },
        { team: 'core', attempt: '1' },
      ]);
    });

    it("a helper through withOptions(): the wrapper's options apply, the helper's request is one line", async () => {
      const { client, single } = wrapped(helper.options);
      const server = sdk.server();
      server.respond(helper.answer);
      await trace({ correlationId: CORRELATION }, () =>
        helper.make(client.withOptions({ defaultHeaders: TEAM_HEADER })),
      );
      expect(server.requests.at(-1)?.body).toMatchObject(helper.body);
      expect(sent(server.requests.at(-1))).toEqual({ team: 'core', attempt: '0' });
      const { line, event } = single();
      expect(line).toEqual({
        ...helper.line,
        ...DEFAULTS,
        event_id: event.eventId,
        latency_ms: event.latencyMs,
        ttft_ms: event.ttftMs,
      });
    });

    it('the client withOptions() is called on keeps its options; copies of the raw client log nothing', async () => {
      const { client, lines, events } = wrapped();
      client.withOptions({ maxRetries: 1, defaultHeaders: TEAM_HEADER });
      const server = sdk.server();
      server.respond(sdk.serverError);
      server.respond(call.answer);
      await trace({ correlationId: CORRELATION }, async () => {
        await expect(call.make(client)).rejects.toMatchObject({ status: 500 });
        await call.make(sdk.raw().withOptions({ defaultHeaders: TEAM_HEADER }));
      });
      const [failed] = events;
      expect(lines()).toEqual([
        {
          level: 50,
          event: 'llm.call',
          event_version: 1,
          event_id: failed?.eventId,
          correlation_id: CORRELATION,
          ...DEFAULTS,
          model: call.line.model,
          provider: call.line.provider,
          operation: call.line.operation,
          status: 'error',
          error: { type: 'InternalServerError', message: sdk.errorMessage, status: 500 },
          latency_ms: failed?.latencyMs,
          tool_calls: [],
          msg: 'llm.call',
        },
      ]);
      expect(server.requests.slice(-2).map(sent)).toEqual([
        { team: undefined, attempt: '0' },
        { team: 'core', attempt: '0' },
      ]);
    });

    it('withOptions() on a copy stays wrapped, with both options; wrapping a copy again is refused', async () => {
      const { client, options, single } = wrapped();
      const copy = client
        .withOptions({ defaultHeaders: TEAM_HEADER })
        .withOptions({ maxRetries: 1 });
      const server = sdk.server();
      server.respond(sdk.serverError);
      server.respond(call.answer);
      await trace({ correlationId: CORRELATION }, () => call.make(copy));
      const { line, event } = single();
      expect(line).toEqual({ ...LINE, event_id: event.eventId, latency_ms: event.latencyMs });
      expect(server.requests.slice(-2).map(sent)).toEqual([
        { team: 'core', attempt: '0' },
        { team: 'core', attempt: '1' },
      ]);
      expect(() => sdk.wrap(copy, options)).toThrow(
        `${sdk.caller}: client is already wrapped (its calls would be logged twice)`,
      );
    });
  });
}
