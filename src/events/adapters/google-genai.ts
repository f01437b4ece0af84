// Google Gen AI (`@google/genai` `models.generateContent` and `generateContentStream`, the
// Gemini API and Vertex AI). `usageMetadata.promptTokenCount` includes the cached content
// (`cachedContentTokenCount`); the thinking tokens (`thoughtsTokenCount`) and the tokens of
// tool results (`toolUsePromptTokenCount`) are counted apart from `candidatesTokenCount` and
// `promptTokenCount`: the reading adds them in, so that `outputTokens` includes reasoning and
// `inputTokens` all input, as for the other providers (`totalTokenCount` is their sum). A stream
// is a series of whole responses, each with the usage so far; function calls arrive whole.
import type { ToolCall } from '../schema.js';
import {
  asCount,
  asRecord,
  asText,
  type ProviderRecord,
  type ResponseFacts,
  type StreamReader,
  toolCall,
} from './response-facts.js';

/** Whether `value` looks like a `GenerateContentResponse` (candidates or usage metadata). */
export function isGoogleResponse(value: ProviderRecord): boolean {
  return Array.isArray(value?.candidates) || asRecord(value?.usageMetadata) !== undefined;
}

const sum = (first: number | undefined, second: number | undefined): number | undefined =>
  first === undefined ? undefined : first + (second ?? 0);

/** The token counts of a `usageMetadata` object. */
function readUsageMetadata(metadata: unknown): ResponseFacts {
  const raw = asRecord(metadata);
  if (raw === undefined) return {};
  const thoughts = asCount(raw.thoughtsTokenCount);
  return {
    inputTokens: sum(asCount(raw.promptTokenCount), asCount(raw.toolUsePromptTokenCount)),
    outputTokens: sum(asCount(raw.candidatesTokenCount), thoughts),
    totalTokens: asCount(raw.totalTokenCount),
    cacheReadTokens: asCount(raw.cachedContentTokenCount),
    reasoningTokens: thoughts,
  };
}

/**
 * Reads the parts of a response's first candidate: function calls into `toolCalls`, and the
 * answer's text (thought summaries left out). Returns whether any part carried output.
 */
function readParts(
  response: ProviderRecord,
  toolCalls: ToolCall[],
  text: { value: string },
): boolean {
  const candidates = Array.isArray(response?.candidates) ? response.candidates : [];
  const parts = asRecord(asRecord(candidates[0])?.content)?.parts;
  if (!Array.isArray(parts)) return false;
  let output = false;
  for (const entry of parts) {
    const part = asRecord(entry);
    const call = asRecord(part?.functionCall);
    if (call !== undefined) {
      toolCalls.push(toolCall(call.id, call.name, call.args ?? {}));
      output = true;
    } else if (typeof part?.text === 'string' && part.text.length > 0) {
      if (part.thought !== true) text.value += part.text;
      output = true;
    }
  }
  return output;
}

/** Reads a `GenerateContentResponse`: usage, model version, function calls, text. */
export function readGoogleResponse(response: ProviderRecord, captureText: boolean): ResponseFacts {
  const reading = readUsageMetadata(response?.usageMetadata);
  reading.responseModel = asText(response?.modelVersion);
  const toolCalls: ToolCall[] = [];
  const text = { value: '' };
  readParts(response, toolCalls, text);
  reading.toolCalls = toolCalls;
  if (captureText) reading.completion = text.value;
  return reading;
}

/** Reads a `generateContentStream`: the latest usage, every function call, the text joined. */
export function googleStreamReader(captureText: boolean): StreamReader {
  let model: string | undefined;
  let usage: ResponseFacts = {};
  const toolCalls: ToolCall[] = [];
  const text = { value: '' };
  return {
    read(chunk) {
      const response = asRecord(chunk);
      model = asText(response?.modelVersion) ?? model;
      if (asRecord(response?.usageMetadata) !== undefined)
        usage = readUsageMetadata(response?.usageMetadata);
      return readParts(response, toolCalls, text);
    },
    result() {
      const reading: ResponseFacts = { ...usage, responseModel: model, toolCalls };
      if (captureText) reading.completion = text.value;
      return reading;
    },
  };
}
