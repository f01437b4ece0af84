import type { ExecutionGraph, ExecutionNode } from '../graph/execution-graph.js';
import { otlpRequestText } from '../otlp/request.js';
import { otlpSpanOf, spanIdOf } from '../otlp/span.js';
import type { CallDetails } from './call-details.js';

/**
 * The span's parent: the parent call's span, also when that call is not in the log (an orphan's
 * parent may be in another file of the same trace), but not for a call whose parent link was cut
 * to break a loop (its parent is in the graph, yet it is a root).
 */
function parentSpanIdOf(node: ExecutionNode, isRoot: boolean, ids: ReadonlySet<string>) {
  if (node.parentRequestId === undefined) return undefined;
  if (isRoot && ids.has(node.parentRequestId)) return undefined;
  return spanIdOf(node.parentRequestId);
}

/**
 * `--format otlp`: one OTLP/JSON `ExportTraceServiceRequest` (what an OTLP/HTTP collector takes
 * at `/v1/traces` with `Content-Type: application/json`): the span of each call (`otlpSpanOf`,
 * shared with the `leanllm-context/otlp` transport), its parent the call that made it, in
 * `service.name` `unknown_service` (the logs do not say which service wrote them). Written in
 * pieces.
 */
export function* renderOtlp(
  graphs: readonly ExecutionGraph[],
  details: CallDetails,
): Generator<string> {
  const { head, tail } = otlpRequestText('unknown_service');
  yield head;
  let first = true;
  for (const graph of graphs) {
    const nodes = graph.flatten();
    const ids = new Set(nodes.map((node) => node.eventId));
    const roots = new Set(graph.roots);
    const pieces: string[] = [];
    for (const node of nodes) {
      // every node's event is there: the reader adds each event it gives the graph
      const event = details.get(node.correlationId, node.eventId);
      if (event === undefined) continue;
      const span = otlpSpanOf(event, parentSpanIdOf(node, roots.has(node), ids));
      pieces.push(`${first ? '' : ','}${JSON.stringify(span)}`);
      first = false;
    }
    yield pieces.join('');
  }
  yield `${tail}\n`;
}
