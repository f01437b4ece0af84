import packageJson from '../../package.json' with { type: 'json' };

/** The instrumentation scope of every span: this package, at its version. */
export const OTLP_SCOPE = { name: packageJson.name, version: packageJson.version } as const;

/** The OTLP/JSON resource of the spans: just `service.name`. */
export function otlpResource(serviceName: string) {
  return { attributes: [{ key: 'service.name', value: { stringValue: serviceName } }] };
}

/**
 * The envelope of an `ExportTraceServiceRequest` around spans that are written in between:
 * `${head}${spans joined by ','}${tail}` is the request as OTLP/JSON text.
 */
export function otlpRequestText(serviceName: string): { head: string; tail: string } {
  return {
    head: `{"resourceSpans":[{"resource":${JSON.stringify(otlpResource(serviceName))},"scopeSpans":[{"scope":${JSON.stringify(OTLP_SCOPE)},"spans":[`,
    tail: ']}]}]}',
  };
}
