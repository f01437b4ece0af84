import { optionError, unknownOptionError } from '../context/option-error.js';

/**
 * How spans travel: OTLP/HTTP with a JSON or a protobuf body (`OTEL_EXPORTER_OTLP_PROTOCOL`'s
 * names).
 *
 * @example
 * ```ts
 * const protocol: OtlpProtocol = 'http/json';
 * ```
 */
export type OtlpProtocol = 'http/json' | 'http/protobuf';

/**
 * Options of the `leanllm-context/otlp` transport target (plain data: pino hands them to its
 * worker thread). Every field is optional.
 *
 * @example
 * ```ts
 * const options: OtlpTransportOptions = {
 *   url: 'https://otel.example.com/v1/traces',
 *   headers: { authorization: `Bearer ${process.env.OTEL_TOKEN}` },
 *   batch: { size: 256, delayMs: 2000, maxQueue: 8192 },
 * };
 * ```
 */
export interface OtlpTransportOptions {
  /**
   * The OTLP/HTTP traces endpoint. Default: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, else
   * `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`, else `http://localhost:4318/v1/traces`.
   */
  readonly url?: string;
  /** Headers sent with every request (authentication, tenant), beside the content type. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Batching and the bounded queue. */
  readonly batch?: {
    /** Spans per request (default 512). */
    readonly size?: number;
    /** Longest wait before a batch that is not full is sent, in ms (default 1000). */
    readonly delayMs?: number;
    /**
     * Most spans waiting to be delivered, in flight included (default 2048). More wait for room
     * while the receiver accepts spans, and are dropped and counted while it fails.
     */
    readonly maxQueue?: number;
  };
  /** Retries of a batch on 429, 5xx, a timeout or a connection error. */
  readonly retry?: {
    /** Attempts per batch, the first included (default 6). */
    readonly maxAttempts?: number;
    /** Backoff before the second attempt, doubled each time, in ms (default 500). */
    readonly initialDelayMs?: number;
    /** Longest backoff, and the cap on a server's `Retry-After`, in ms (default 30000). */
    readonly maxDelayMs?: number;
  };
  /** Longest wait for one request's response, in ms (default 10000). */
  readonly timeoutMs?: number;
  /**
   * How long closing the logger may spend delivering what is queued, in ms (default 5000; pino
   * waits at most 10 s for a transport at exit). What is still queued then is dropped and counted.
   */
  readonly closeTimeoutMs?: number;
  /**
   * `http/protobuf` (when `@opentelemetry/otlp-transformer` is installed: the default then) or
   * `http/json` (the default otherwise). Default from `OTEL_EXPORTER_OTLP_TRACES_PROTOCOL` /
   * `OTEL_EXPORTER_OTLP_PROTOCOL` when they name one of these.
   */
  readonly protocol?: OtlpProtocol;
  /** The resource's `service.name`. Default: `OTEL_SERVICE_NAME`, else `unknown_service`. */
  readonly serviceName?: string;
}

/** The options with every default applied and every value checked. */
export interface ResolvedOtlpOptions {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly batchSize: number;
  readonly batchDelayMs: number;
  readonly maxQueue: number;
  readonly maxAttempts: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly timeoutMs: number;
  readonly closeTimeoutMs: number;
  readonly protocol: OtlpProtocol | undefined;
  readonly serviceName: string;
}

const OPTION_NAMES = new Set([
  'url',
  'headers',
  'batch',
  'retry',
  'timeoutMs',
  'closeTimeoutMs',
  'protocol',
  'serviceName',
]);
/** What pino's transport worker adds to a single target's options for itself. */
const PINO_KEYS = new Set(['$context', 'pinoWillSendConfig']);
const BATCH_NAMES = new Set(['size', 'delayMs', 'maxQueue']);
const RETRY_NAMES = new Set(['maxAttempts', 'initialDelayMs', 'maxDelayMs']);
const PROTOCOLS: ReadonlySet<string> = new Set(['http/json', 'http/protobuf']);

/** The name the transport's option errors start with. */
export const CALLER = 'leanllm-context/otlp';

/** An invalid option: the transport refuses to start. */
const invalid = (option: string, what: string) => optionError(CALLER, option || 'options', what);

/** An object option (absent: empty); with `names`, a key outside them is refused. */
function record(value: unknown, option: string, names?: ReadonlySet<string>) {
  if (value === undefined) return {} as Record<string, unknown>;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(option, 'must be an object');
  }
  for (const key of Object.keys(value)) {
    if (names !== undefined && !names.has(key) && !(option === '' && PINO_KEYS.has(key))) {
      throw unknownOptionError(CALLER, option || 'options', key, names);
    }
  }
  return value as Record<string, unknown>;
}

function integer(value: unknown, option: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw invalid(option, `must be an integer >= ${min}`);
  }
  return value;
}

function endpoint(value: unknown, env: NodeJS.ProcessEnv): string {
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.replace(/\/+$/, '');
  const url =
    value ??
    (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ||
      (base ? `${base}/v1/traces` : 'http://localhost:4318/v1/traces'));
  if (typeof url !== 'string' || !URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw invalid('url', 'must be an http: or https: URL');
  }
  return url;
}

function headersOf(value: unknown): Record<string, string> {
  const headers = record(value, 'headers');
  for (const [name, text] of Object.entries(headers)) {
    if (typeof text !== 'string') throw invalid(`headers.${name}`, 'must be a string');
  }
  return headers as Record<string, string>;
}

function protocolOf(value: unknown, env: NodeJS.ProcessEnv): OtlpProtocol | undefined {
  if (value !== undefined && !PROTOCOLS.has(value as string)) {
    throw invalid('protocol', 'must be "http/json" or "http/protobuf"');
  }
  const fromEnv = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL;
  return (value ?? (PROTOCOLS.has(fromEnv as string) ? fromEnv : undefined)) as
    | OtlpProtocol
    | undefined;
}

/**
 * The transport's options with defaults from `env` (the OpenTelemetry exporter variables) and
 * every value checked: an unknown or invalid option is a `ContextValidationError` (a
 * `TypeError`) naming it.
 */
export function resolveOtlpOptions(
  options: OtlpTransportOptions | undefined,
  env: NodeJS.ProcessEnv,
): ResolvedOtlpOptions {
  const given = record(options, '', OPTION_NAMES);
  const batch = record(given.batch, 'batch', BATCH_NAMES);
  const retry = record(given.retry, 'retry', RETRY_NAMES);
  const serviceName = given.serviceName ?? (env.OTEL_SERVICE_NAME || 'unknown_service');
  if (typeof serviceName !== 'string' || serviceName === '') {
    throw invalid('serviceName', 'must be a non-empty string');
  }
  const batchSize = integer(batch.size, 'batch.size', 512, 1);
  return {
    url: endpoint(given.url, env),
    headers: headersOf(given.headers),
    batchSize,
    batchDelayMs: integer(batch.delayMs, 'batch.delayMs', 1000, 0),
    maxQueue: integer(batch.maxQueue, 'batch.maxQueue', Math.max(2048, batchSize), batchSize),
    maxAttempts: integer(retry.maxAttempts, 'retry.maxAttempts', 6, 1),
    initialDelayMs: integer(retry.initialDelayMs, 'retry.initialDelayMs', 500, 0),
    maxDelayMs: integer(retry.maxDelayMs, 'retry.maxDelayMs', 30_000, 0),
    timeoutMs: integer(given.timeoutMs, 'timeoutMs', 10_000, 1),
    closeTimeoutMs: integer(given.closeTimeoutMs, 'closeTimeoutMs', 5000, 0),
    protocol: protocolOf(given.protocol, env),
    serviceName,
  };
}
