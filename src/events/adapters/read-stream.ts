import { aiSdkStreamReader, isAiSdkStreamPart } from './ai-sdk.js';
import { anthropicStreamReader, isAnthropicEvent } from './anthropic-messages.js';
import { googleStreamReader, isGoogleResponse } from './google-genai.js';
import { chatStreamReader, isChatCompletionChunk } from './openai-chat.js';
import { isResponseEvent, responseStreamReader } from './openai-responses.js';
import { isPlainUsage, readPlainUsage } from './plain.js';
import { asRecord, mergeFacts, type ResponseFacts, type StreamReader } from './response-facts.js';

function readerFor(chunk: unknown, captureText: boolean): StreamReader | undefined {
  const value = asRecord(chunk);
  if (isChatCompletionChunk(value)) return chatStreamReader(captureText);
  if (isResponseEvent(value)) return responseStreamReader(captureText);
  if (isAnthropicEvent(value)) return anthropicStreamReader(captureText);
  if (isAiSdkStreamPart(value)) return aiSdkStreamReader(captureText);
  if (isGoogleResponse(value)) return googleStreamReader(captureText);
  return undefined;
}

/**
 * A reader for a streamed response of any supported shape, chosen by the first chunk it
 * recognizes. For chunks of another shape, every chunk counts as output and the last chunk
 * with plain `{ inputTokens, outputTokens }` gives the usage.
 */
export function streamReader(captureText: boolean): StreamReader {
  let reader: StreamReader | undefined;
  let plain: ResponseFacts = {};
  return {
    read(chunk) {
      reader ??= readerFor(chunk, captureText);
      if (reader !== undefined) return reader.read(chunk);
      const value = asRecord(chunk);
      if (isPlainUsage(value)) plain = mergeFacts(plain, readPlainUsage(value));
      return true;
    },
    result() {
      return reader === undefined ? plain : reader.result();
    },
  };
}
