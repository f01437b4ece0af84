/**
 * A `ReadableStream` that reads `iterable` one value per pull: an error of the iterable errors
 * the stream, and cancelling the stream returns the iterator (so an observed iterable learns
 * that the consumer stopped).
 */
export function readableOf<T>(iterable: AsyncIterable<T>): ReadableStream<T> {
  const iterator = iterable[Symbol.asyncIterator]();
  return new ReadableStream<T>(
    {
      async pull(controller) {
        const { done, value } = await iterator.next();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      async cancel(reason) {
        await iterator.return?.(reason);
      },
    },
    { highWaterMark: 0 },
  );
}
