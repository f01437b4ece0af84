// Context: scopes, fields, settings
export { bindAsyncIterable, bindContext, bindEmitter } from './context/bind.js';
export type { Configuration, ConfigureOptions } from './context/config.js';
export { configure, resetConfiguration } from './context/configure.js';
export { ContextValidationError } from './context/errors.js';
export type { FieldName } from './context/fields.js';
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
export type { ContextFields, ContextSnapshot } from './context/schema.js';
export { ContextFieldsSchema } from './context/schema.js';
export type { TraceOptions } from './context/scope.js';
export { asyncWithContext, section, trace, withContext } from './context/scope.js';
export type { BuildExecutionGraphsOptions, GraphAnomaly } from './graph/build.js';
// Graphs: llm.call lines back into execution graphs (also in `leanllm-context/graph`)
export { buildExecutionGraphs } from './graph/build.js';
export type { ExecutionGraph, ExecutionNode } from './graph/execution-graph.js';
export { parseLogLine } from './graph/parse-log-line.js';
export type { ToolCallRecord } from './graph/tool-calls.js';
export { parseToolCalls } from './graph/tool-calls.js';
// pino integration
export { contextLogger } from './pino/context-logger.js';
export type { ContextMixinOptions } from './pino/mixin.js';
export { contextMixin } from './pino/mixin.js';
