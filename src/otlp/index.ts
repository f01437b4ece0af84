// The production transport (`leanllm-context/otlp`): llm.call lines to OTLP/HTTP spans, sent from
// pino's worker thread. Loads no OpenTelemetry SDK; `@opentelemetry/otlp-transformer` (an
// optional peer) only to encode protobuf.
import { writeSync } from 'node:fs';
import { optionError } from '../context/option-error.js';
import { jsonEncoder, protobufEncoder, type SpanEncoder } from './encode.js';
import { OtlpLineStream } from './line-stream.js';
import {
  CALLER,
  type OtlpTransportOptions,
  type ResolvedOtlpOptions,
  resolveOtlpOptions,
} from './options.js';
import { OtlpSpanSender } from './span-sender.js';

export type { OtlpProtocol, OtlpTransportOptions } from './options.js';

async function encoderFor(options: ResolvedOtlpOptions): Promise<SpanEncoder> {
  if (options.protocol === 'http/json') return jsonEncoder(options.serviceName);
  const protobuf = await protobufEncoder(options.serviceName);
  if (protobuf !== undefined) return protobuf;
  if (options.protocol === 'http/protobuf') {
    throw optionError(
      CALLER,
      'protocol',
      '"http/protobuf" needs @opentelemetry/otlp-transformer installed',
    );
  }
  return jsonEncoder(options.serviceName);
}

/**
 * The drops, as a process warning looks (`(node:<pid>) [LEANLLM_OTLP_DROPPED] Warning:
 * leanllm-context: ...`), written straight to the process's stderr: what a worker thread emits
 * as a warning goes through the main thread, which may be exiting and never print it.
 */
const warnOnStderr = (message: string) => {
  try {
    writeSync(
      2,
      `(node:${process.pid}) [LEANLLM_OTLP_DROPPED] Warning: leanllm-context: ${message}\n`,
    );
  } catch {
    // nowhere left to report to
  }
};

/**
 * The `leanllm-context/otlp` transport target: every `llm.call` line becomes the GenAI span
 * `leanllm-logs --format otlp` writes for it (one trace per correlation, parent from lineage,
 * span ids derived from event ids so a resend is idempotent), sent over OTLP/HTTP from pino's
 * worker thread: batched, retried with backoff, from a bounded queue whose drops are counted and
 * reported in one warning line on stderr when the logger closes. Other lines are ignored.
 * Invalid options are a `ContextValidationError` (a `TypeError`) naming the option: the
 * transport does not start.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 * import { contextMixin } from 'leanllm-context';
 *
 * const logger = pino({
 *   mixin: contextMixin(),
 *   transport: {
 *     targets: [
 *       { target: 'pino/file', options: { destination: 1 } },
 *       { target: 'leanllm-context/otlp', options: { url: 'http://collector:4318/v1/traces' } },
 *     ],
 *   },
 * });
 * ```
 */
export async function leanllmOtlp(options: OtlpTransportOptions = {}): Promise<OtlpLineStream> {
  const resolved = resolveOtlpOptions(options, process.env);
  const sender = new OtlpSpanSender(resolved, await encoderFor(resolved), warnOnStderr);
  return new OtlpLineStream(sender);
}

// pino loads a target's default export.
export default leanllmOtlp;
