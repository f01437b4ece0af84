import { state } from '../context/state.js';
import { readLangChainResult } from '../events/adapters/langchain.js';
import { asRecord, asText } from '../events/adapters/response-facts.js';
import {
  type InFlightCall,
  reportTrackingFailure,
  startLlmCall,
} from '../events/in-flight-call.js';
import { type LlmEventHook, validateIntegrationOptions } from '../events/options.js';
import type { LlmLogger } from '../events/write.js';
import { RunTrees } from './run-tree.js';

/**
 * Options of `new LeanLLMCallbackHandler(options)`.
 *
 * @example
 * ```ts
 * const options: LeanLLMCallbackHandlerOptions = { logger, provider: 'openai' };
 * ```
 */
export interface LeanLLMCallbackHandlerOptions {
  /** The pino logger the `llm.call` lines go to (a `contextLogger` fits too). */
  readonly logger: LlmLogger;
  /** The line's `provider`; by default the model's own (`ls_provider`: `openai`, `anthropic`). */
  readonly provider?: string;
  /** The line's `operation`; by default `chat` for a chat model, `completion` for a text LLM. */
  readonly operation?: string;
  /** Called with every event. */
  readonly onEvent?: LlmEventHook;
}

/** A serialized runnable, as LangChain hands it to `handle*Start`: `{ id: [...path, className] }`. */
type Serialized = { readonly id?: readonly string[] } | object;

/** What LangChain passes beside a model run's input: the invocation parameters and call options. */
type ExtraParams = { readonly invocation_params?: object; readonly options?: object } | undefined;

/** A chat message as LangChain holds it (a `BaseMessage`). */
type Message = { readonly content?: unknown; readonly type?: unknown } | object;

/** The model the caller asked for: LangChain's `ls_model_name`, else the invocation's `model`. */
function modelOf(llm: Serialized, extra: ExtraParams, metadata: object | undefined): string {
  const params = asRecord(extra?.invocation_params);
  return (
    asText(asRecord(metadata)?.ls_model_name) ??
    asText(params?.model) ??
    asText(params?.model_name) ??
    asText(asRecord(asRecord(llm)?.kwargs)?.model) ??
    asText((llm as { id?: unknown[] }).id?.at(-1)) ??
    'unknown'
  );
}

/** `{ role, content }` of each message: what `captureContent` writes as the prompt. */
function promptOf(messages: readonly Message[]): unknown {
  return messages.map((message) => ({
    role: (message as { type?: unknown }).type,
    content: (message as { content?: unknown }).content,
  }));
}

/**
 * A LangChain.js callback handler (`@langchain/core`) that writes one `llm.call` line per chat
 * model or LLM run, as `trackLlmCall` would: tokens from the run's usage metadata (cached and
 * reasoning tokens included), tool calls with the provider's argument text, the time to the
 * first token of a streamed run, and failures (a 429, a 500, an aborted stream) as error lines.
 *
 * Lineage follows the LangChain run tree: chain, agent, tool and retriever runs write no line
 * of their own; the model calls under one root run (`invoke`, `stream`, `batch` entry) share
 * one correlation (the caller's `trace()`, else a fresh one per root run) and each takes as
 * parent the model run it is nested in, else the previous model call of the tree (auto-chain),
 * else what a call made where the root run started would take (an enclosing tracked call, the
 * previous call of the caller's `trace()`). Lines carry the context of the caller's scope:
 * the handler runs its callbacks in line (`awaitHandlers`), in the caller's async context.
 * Nothing the logger does can fail a run. Invalid options throw a `ContextValidationError` (a `TypeError`) naming the option.
 *
 * @example
 * ```ts
 * import { ChatOpenAI } from '@langchain/openai';
 * import pino from 'pino';
 * import { contextMixin, withContext } from 'leanllm-context';
 * import { LeanLLMCallbackHandler } from 'leanllm-context/langchain';
 *
 * const logger = pino({ mixin: contextMixin() });
 * const model = new ChatOpenAI({ model: 'gpt-4o-mini', callbacks: [new LeanLLMCallbackHandler({ logger })] });
 * await withContext({ userId: 'u-42' }, () => model.invoke('Capital of France?'));
 * ```
 */
export class LeanLLMCallbackHandler {
  /** LangChain's handler name (a handler with a name is used as is, without `@langchain/core` being loaded here). */
  readonly name = 'leanllm_context';
  /** Callbacks run in line, in the caller's async context (its scope is the line's context). */
  readonly awaitHandlers = true;
  /** A failure in this handler never fails the run. */
  readonly raiseError = false;
  private readonly logger: LlmLogger;
  private readonly provider: string | undefined;
  private readonly operation: string | undefined;
  private readonly onEvent: LlmEventHook | undefined;
  private readonly trees = new RunTrees();
  /** Calls that streamed tokens (`stream: true` on their line). */
  private readonly streamed = new WeakSet<InFlightCall>();
  /** Removes the abort listener of a call (see `endOnAbort`). */
  private readonly detach = new WeakMap<InFlightCall, () => void>();

  constructor(options: LeanLLMCallbackHandlerOptions) {
    const valid = validateIntegrationOptions<LeanLLMCallbackHandlerOptions>(
      options,
      'LeanLLMCallbackHandler',
    );
    this.logger = valid.logger;
    this.provider = valid.provider;
    this.operation = valid.operation;
    this.onEvent = valid.onEvent;
  }

  private startCall(
    kind: 'chat' | 'completion',
    llm: Serialized,
    input: () => unknown,
    runId: string,
    parentRunId: string | undefined,
    extra: ExtraParams,
    metadata: object | undefined,
  ): void {
    // The same handler reached through two callback lists (the model's and the caller's).
    if (this.trees.callOf(runId) !== undefined) return;
    try {
      const lineage = this.trees.lineageOf(parentRunId);
      const call = startLlmCall(
        this.logger,
        {
          model: modelOf(llm, extra, metadata),
          provider: this.provider ?? asText(asRecord(metadata)?.ls_provider) ?? 'langchain',
          operation: this.operation ?? kind,
          prompt: state.config.captureContent === false ? undefined : input(),
          onEvent: this.onEvent,
          ...lineage,
        },
        'LeanLLMCallbackHandler',
      );
      this.trees.enterCall(runId, parentRunId, call);
      this.endOnAbort(runId, call, asRecord(extra?.options)?.signal);
    } catch (error) {
      reportTrackingFailure(error);
    }
  }

  /**
   * A run whose caller aborts it through its `signal` ends `cancelled` then: LangChain reports
   * no end for a stream aborted between two chunks.
   */
  private endOnAbort(runId: string, call: InFlightCall, signal: unknown): void {
    if (!(signal instanceof AbortSignal)) return;
    const cancel = () =>
      this.endCall(runId, (ended) =>
        ended.end('cancelled', undefined, undefined, this.streamed.has(ended)),
      );
    if (signal.aborted) {
      cancel();
      return;
    }
    signal.addEventListener('abort', cancel, { once: true });
    this.detach.set(call, () => signal.removeEventListener('abort', cancel));
  }

  private endCall(runId: string, end: (call: InFlightCall) => void): void {
    const call = this.trees.callOf(runId);
    this.trees.leave(runId);
    if (call === undefined) return;
    end(call);
    this.detach.get(call)?.();
  }

  /** A chat model run started: its call starts now. */
  handleChatModelStart(
    llm: Serialized,
    messages: readonly (readonly Message[])[],
    runId: string,
    parentRunId?: string,
    extraParams?: ExtraParams,
    _tags?: string[],
    metadata?: object,
  ): void {
    const input = () => promptOf(messages[0] ?? []);
    this.startCall('chat', llm, input, runId, parentRunId, extraParams, metadata);
  }

  /** A text LLM run started: its call starts now. */
  handleLLMStart(
    llm: Serialized,
    prompts: readonly string[],
    runId: string,
    parentRunId?: string,
    extraParams?: ExtraParams,
    _tags?: string[],
    metadata?: object,
  ): void {
    const input = () => prompts[0];
    this.startCall('completion', llm, input, runId, parentRunId, extraParams, metadata);
  }

  /** A streamed token: the first one is the call's time to first token. */
  handleLLMNewToken(_token: string, _index: unknown, runId: string): void {
    const call = this.trees.callOf(runId);
    if (call === undefined) return;
    call.firstOutput();
    this.streamed.add(call);
  }

  /** A model run ended: its line, with the usage and tool calls of the result. */
  handleLLMEnd(output: unknown, runId: string): void {
    this.endCall(runId, (call) => {
      let reading: ReturnType<typeof readLangChainResult> | undefined;
      try {
        reading = readLangChainResult(output, call.captureText);
      } catch (error) {
        reportTrackingFailure(error);
      }
      call.end('ok', undefined, reading, this.streamed.has(call));
    });
  }

  /** A model run failed: its error line. */
  handleLLMError(error: unknown, runId: string): void {
    this.endCall(runId, (call) => call.end('error', error, undefined, this.streamed.has(call)));
  }

  /** A chain (or agent, or runnable) started: a node of the run tree, no line of its own. */
  handleChainStart(
    _chain: Serialized,
    _inputs: unknown,
    runId: string,
    parentRunId?: string,
  ): void {
    this.trees.enter(runId, parentRunId);
  }

  handleChainEnd(_outputs: unknown, runId: string): void {
    this.trees.leave(runId);
  }

  handleChainError(_error: unknown, runId: string): void {
    this.trees.leave(runId);
  }

  /** A tool run started: a node of the run tree (a model called inside it is in the same tree). */
  handleToolStart(_tool: Serialized, _input: string, runId: string, parentRunId?: string): void {
    this.trees.enter(runId, parentRunId);
  }

  handleToolEnd(_output: unknown, runId: string): void {
    this.trees.leave(runId);
  }

  handleToolError(_error: unknown, runId: string): void {
    this.trees.leave(runId);
  }

  /** A retriever run started: a node of the run tree. */
  handleRetrieverStart(
    _retriever: Serialized,
    _query: string,
    runId: string,
    parentRunId?: string,
  ): void {
    this.trees.enter(runId, parentRunId);
  }

  handleRetrieverEnd(_documents: unknown, runId: string): void {
    this.trees.leave(runId);
  }

  handleRetrieverError(_error: unknown, runId: string): void {
    this.trees.leave(runId);
  }
}
