import { isAiSdkResult, readAiSdkResult } from './ai-sdk.js';
import { isAnthropicMessage, readAnthropicMessage } from './anthropic-messages.js';
import { isGoogleResponse, readGoogleResponse } from './google-genai.js';
import { isChatCompletion, readChatCompletion } from './openai-chat.js';
import { isEmbeddingList, readEmbeddingList } from './openai-embeddings.js';
import { isResponsesApiResponse, readResponsesApiResponse } from './openai-responses.js';
import { isPlainUsage, readPlainUsage } from './plain.js';
import { asRecord, type ResponseFacts } from './response-facts.js';

const NOTHING: ResponseFacts = Object.freeze({});

/**
 * Reads usage, model, tool calls (and, when `captureText`, the output text) from a provider
 * response of any supported shape: OpenAI chat completion, Responses API response or
 * embeddings, Anthropic message, Google `GenerateContentResponse`, Vercel AI SDK language-model
 * result, or plain `{ inputTokens, outputTokens }`. Anything else reads as nothing.
 * Provider data is untrusted: a field of the wrong type is treated as absent.
 */
export function readResponse(value: unknown, captureText: boolean): ResponseFacts {
  const response = asRecord(value);
  if (response === undefined) return NOTHING;
  if (isChatCompletion(response)) return readChatCompletion(response, captureText);
  if (isResponsesApiResponse(response)) return readResponsesApiResponse(response, captureText);
  if (isAnthropicMessage(response)) return readAnthropicMessage(response, captureText);
  if (isAiSdkResult(response)) return readAiSdkResult(response, captureText);
  if (isEmbeddingList(response)) return readEmbeddingList(response);
  if (isGoogleResponse(response)) return readGoogleResponse(response, captureText);
  if (isPlainUsage(response)) return readPlainUsage(response);
  return NOTHING;
}
