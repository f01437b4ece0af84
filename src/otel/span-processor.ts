import { currentFrame } from '../context/state.js';
import { describeThrown, warnOnce } from '../warnings.js';
import {
  type AttributeMapping,
  type SpanAttributeOptions,
  spanProcessorSettings,
} from './attribute-mapping.js';
import { spanAttributesOf } from './span-attributes.js';

/**
 * Options of `contextSpanProcessor`.
 *
 * @example
 * ```ts
 * const options: ContextSpanProcessorOptions = {
 *   spans: process.env.CONTEXT_ON_SPANS !== 'false',
 *   attributes: { correlationId: 'leanllm.correlation_id' },
 * };
 * ```
 */
export interface ContextSpanProcessorOptions extends SpanAttributeOptions {
  /**
   * `false` turns the processor off: it stamps nothing. Default: `false` when
   * `OTEL_INSTRUMENTATION_GENAI_CONTEXT_PROPAGATION=false`, else `true`.
   */
  readonly spans?: boolean;
}

/**
 * What the processor needs of a span at start: its attributes so far and `setAttribute`. The
 * OpenTelemetry SDK's `Span` (`@opentelemetry/sdk-trace-base` 1.x and 2.x) is one.
 *
 * @example
 * ```ts
 * const processor = contextSpanProcessor();
 * const span: StartingSpan = { attributes: {}, setAttribute: (key, value) => console.log(key, value) };
 * withContext({ sessionId: 'sess-1' }, () => processor.onStart(span, undefined)); // session.id sess-1
 * ```
 */
export interface StartingSpan {
  readonly attributes: Readonly<Record<string, unknown>>;
  setAttribute(key: string, value: string | number): unknown;
}

/**
 * A `SpanProcessor` of the OpenTelemetry SDK (structurally: this package imports nothing from
 * `@opentelemetry/*`), for `BasicTracerProvider`'s or `NodeSDK`'s `spanProcessors`.
 *
 * @example
 * ```ts
 * const processor: ContextSpanProcessor = contextSpanProcessor();
 * ```
 */
export interface ContextSpanProcessor {
  /** Stamps the current context's attributes on `span`, keeping any it already has. */
  onStart(span: StartingSpan, parentContext: unknown): void;
  /** Nothing to do when a span ends. */
  onEnd(span: unknown): void;
  /** Nothing is buffered: resolves at once. */
  forceFlush(): Promise<void>;
  /** Stops stamping; resolves at once. */
  shutdown(): Promise<void>;
}

class ContextSpanProcessorImpl implements ContextSpanProcessor {
  readonly #mapping: AttributeMapping;
  #enabled: boolean;

  constructor(mapping: AttributeMapping, enabled: boolean) {
    this.#mapping = mapping;
    this.#enabled = enabled;
  }

  onStart(span: StartingSpan): void {
    if (!this.#enabled) return;
    try {
      const attributes = spanAttributesOf(currentFrame(), this.#mapping);
      const existing = span.attributes;
      for (const name in attributes) {
        // Explicit wins: an attribute the span was started with is never overwritten.
        if (existing[name] === undefined)
          span.setAttribute(name, attributes[name] as string | number);
      }
    } catch (error) {
      warnOnce(
        'LEANLLM_CONTEXT_UNREADABLE',
        `the context could not be read, spans are started without it (${describeThrown(error)})`,
      );
    }
  }

  onEnd(): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    this.#enabled = false;
    return Promise.resolve();
  }
}

/**
 * An OpenTelemetry span processor that stamps every span started inside a context with the
 * context's non-empty fields as attributes, under OpenTelemetry names: `session.id`, `user.id`,
 * `gen_ai.conversation.id` (the correlation id), `gen_ai.request.model` (the model id),
 * `deployment.environment.name`, `leanllm.*` for the fields without a convention, and
 * `leanllm.tag.<key>` per tag (the table is in `docs/otel.md`). An attribute the span already
 * has when it starts wins over the context's. The context is read when the span starts, in the
 * code that starts it; spans started outside every scope get the global context only.
 * `LEANLLM_PROPAGATION=false` does not turn it off; `{ spans: false }` does, and so does
 * OpenTelemetry's GenAI switch `OTEL_INSTRUMENTATION_GENAI_CONTEXT_PROPAGATION=false` (read when
 * the processor is made; an explicit `spans` option wins over it). Invalid options
 * throw `ContextValidationError`; reading the context never throws into the application.
 *
 * @example
 * ```ts
 * import { trace } from '@opentelemetry/api';
 * import { BasicTracerProvider, ConsoleSpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
 * import { withContext } from 'leanllm-context';
 * import { contextSpanProcessor } from 'leanllm-context/otel';
 *
 * const provider = new BasicTracerProvider({
 *   spanProcessors: [contextSpanProcessor(), new SimpleSpanProcessor(new ConsoleSpanExporter())],
 * });
 * trace.setGlobalTracerProvider(provider);
 *
 * withContext({ sessionId: 'sess-1', userId: 'u-42' }, () => {
 *   trace.getTracer('app').startActiveSpan('answer', (span) => span.end());
 *   // attributes: { 'session.id': 'sess-1', 'user.id': 'u-42' }
 * });
 *
 * // the correlation id under a name of your own:
 * contextSpanProcessor({ attributes: { correlationId: 'leanllm.correlation_id' } });
 * ```
 */
export function contextSpanProcessor(options?: ContextSpanProcessorOptions): ContextSpanProcessor {
  const { mapping, enabled } = spanProcessorSettings(options);
  return new ContextSpanProcessorImpl(mapping, enabled);
}
