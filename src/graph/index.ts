// The graph entry (`leanllm-context/graph`): reading llm.call lines back and building execution
// graphs from them. Pure: no Node built-ins, nothing from the context part.

export type { LlmEvent, ToolCall } from '../events/schema.js';
export type { BuildExecutionGraphsOptions, GraphAnomaly } from './build.js';
export { buildExecutionGraphs } from './build.js';
export type { ExecutionGraph, ExecutionNode } from './execution-graph.js';
export { parseLogLine } from './parse-log-line.js';
export type { ToolCallRecord } from './tool-calls.js';
export { parseToolCalls } from './tool-calls.js';
