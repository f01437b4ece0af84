import type { z } from 'zod';
import type { LlmErrorSchema } from './schema.js';

/** Why a call failed, as the line records it. */
export type LlmErrorInfo = z.infer<typeof LlmErrorSchema>;

/** Longest error message kept on a line, in characters. */
const MAX_MESSAGE_LENGTH = 1024;

function typeOf(error: object): string {
  const name = (error as { name?: unknown }).name;
  if (typeof name === 'string' && name !== '' && name !== 'Error') return name;
  const constructorName = (error as { constructor?: { name?: unknown } }).constructor?.name;
  if (typeof constructorName === 'string' && constructorName !== '' && constructorName !== 'Object')
    return constructorName;
  return typeof name === 'string' && name !== '' ? name : 'Error';
}

/**
 * `{ type, message, status }` of anything thrown: `type` is the error's name or class
 * (`RateLimitError`, `TypeError`), `message` is bounded to 1024 characters, and `status` is
 * the provider's HTTP status when the error carries one (`.status` of the OpenAI and Anthropic
 * SDK errors, `.statusCode` of the AI SDK's). Never throws, whatever was thrown.
 */
export function errorInfo(error: unknown): LlmErrorInfo {
  try {
    if (typeof error !== 'object' || error === null) {
      return { type: typeof error, message: String(error).slice(0, MAX_MESSAGE_LENGTH) };
    }
    const { message, type } = error as { message?: unknown; type?: unknown };
    // OpenAI and Anthropic SDK errors say `.status`; the AI SDK's `APICallError`, `.statusCode`.
    const status =
      (error as { status?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode;
    const info: LlmErrorInfo = {
      // A plain `{ type, message }` given to logLlmCall keeps its type; an Error is named by class.
      type:
        !(error instanceof Error) && typeof type === 'string' && type !== '' ? type : typeOf(error),
      message: (typeof message === 'string' ? message : String(error)).slice(0, MAX_MESSAGE_LENGTH),
    };
    if (typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 599)
      info.status = status;
    return info;
  } catch {
    return { type: 'Error', message: '(the error could not be read)' };
  }
}
