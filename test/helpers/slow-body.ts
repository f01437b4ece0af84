/**
 * A fetch request body sent in parts, a timer apart, so that the server reads it from socket
 * events that fire outside any scope. Pass it with `duplex: 'half'`.
 */
export function slowBody(parts: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const queue = [...parts];
  return new ReadableStream({
    async pull(controller) {
      const part = queue.shift();
      if (part === undefined) return controller.close();
      await new Promise((resolve) => setTimeout(resolve, 20));
      controller.enqueue(encoder.encode(part));
    },
  });
}
