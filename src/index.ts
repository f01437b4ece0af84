// Automatic capture: SDK clients whose every model call is logged
export { wrapAnthropic } from './capture/anthropic.js';
export { wrapGoogleGenAI } from './capture/google-genai.js';
export { wrapOpenAI } from './capture/openai.js';
export type { WrapClientOptions } from './capture/options.js';
// Context: scopes, fields, settings

export { assignContext } from './context/assign.js';
export { bindAsyncIterable, bindContext, bindEmitter } from './context/bind.js';
export type { Configuration, ConfigureOptions } from './context/configuration.js';
export { DEFAULT_PROPAGATED_FIELDS } from './context/configuration.js';
export { configure, resetConfiguration } from './context/configure.js';
export { ContextValidationError } from './context/errors.js';
export {
  getCorrelationId,
  getCurrentContext,
  getFeature,
  getModelId,
  getRequestId,
  getSamplingIteration,
  getSessionId,
  getUserId,
} from './context/getters.js';
export { clearGlobalContext, setGlobalContext } from './context/global.js';
export { generateRequestId } from './context/ids.js';
export type { ModelPrice, PricingOptions } from './context/pricing-options.js';
export type { ContextFields, ContextSnapshot } from './context/schema.js';
export { ContextFieldsSchema } from './context/schema.js';
export type { TraceOptions } from './context/scope.js';
export { asyncWithContext, section, trace, withContext } from './context/scope.js';
// LLM call events
export type { ChainKwargs, ChainOptions } from './events/chain.js';
export { Chain } from './events/chain.js';
export { logLlmCall } from './events/log-llm-call.js';
export type { LlmCall, LlmEventHook, TrackLlmCallOptions } from './events/options.js';
export { BUILT_IN_PRICE_TABLE } from './events/pricing/builtin.js';
export type { PriceTable } from './events/pricing/table.js';
export type { LlmEvent, ToolCall } from './events/schema.js';
export { LlmEventSchema } from './events/schema.js';
export { trackLlmCall } from './events/track-llm-call.js';
export type { LlmLogger } from './events/write.js';
export type { FieldName } from './fields/context-fields.js';
export type { BuildExecutionGraphsOptions, GraphAnomaly } from './graph/build.js';
// Graphs: llm.call lines back into execution graphs (also in `leanllm-context/graph`)
export { buildExecutionGraphs } from './graph/build.js';
export type { ExecutionGraph, ExecutionNode } from './graph/execution-graph.js';
export { parseLogLine } from './graph/parse-log-line.js';
export type { ToolCallRecord } from './graph/tool-calls.js';
export { parseToolCalls } from './graph/tool-calls.js';
// OpenTelemetry span attributes (the span processor is in `leanllm-context/otel`)
export type { SpanAttributeNames, SpanAttributeOptions } from './otel/attribute-mapping.js';
export type { ContextSpanAttributes } from './otel/span-attributes.js';
export { getSpanAttributes } from './otel/span-attributes.js';
// pino integration
export type { ContextLoggerOptions } from './pino/context-logger.js';
export { contextLogger } from './pino/context-logger.js';
export type { LogKeys } from './pino/log-keys-option.js';
export type { ContextMixinOptions } from './pino/mixin.js';
export { contextMixin } from './pino/mixin.js';
// Propagation: across process boundaries (job queues, worker threads, HTTP between services)
export type { OnDropped } from './propagation/dropped.js';
export type { ExportedContext } from './propagation/export.js';
export { exportContext, withImportedContext } from './propagation/export.js';
export type { ContextMiddleware } from './propagation/express.js';
export { expressContext } from './propagation/express.js';
export type { ExtractOptions } from './propagation/extract.js';
export { extractContext } from './propagation/extract.js';
export type { FastifyInstanceLike } from './propagation/fastify.js';
export { fastifyContext } from './propagation/fastify.js';
export type { InstrumentFetchOptions } from './propagation/fetch.js';
export { instrumentFetch } from './propagation/fetch.js';
export type { HeadersCarrier, HeadersInput, HeaderValue } from './propagation/headers.js';
export type { ContextHeaders, InjectOptions } from './propagation/inject.js';
export { injectContext } from './propagation/inject.js';
export type { ServerContextOptions } from './propagation/server.js';
export { withContextFromHeaders } from './propagation/with-headers.js';
