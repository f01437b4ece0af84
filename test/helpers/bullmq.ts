import { type Job, Queue, QueueEvents, Worker } from 'bullmq';
import { type RedisServer, startRedis } from './redis.js';

/** A BullMQ queue, its events and one worker, on a Redis server of their own. */
export interface StartedQueue {
  readonly queue: Queue;
  readonly events: QueueEvents;
  readonly worker: Worker;
  /** Closes the worker, the events, the queue, then stops Redis. */
  close(): Promise<void>;
}

/** Starts Redis, then a queue called `name` whose worker runs `processor`; resolves when all are ready. */
export async function startQueue(
  name: string,
  processor: (job: Job) => Promise<unknown>,
): Promise<StartedQueue> {
  const redis: RedisServer = await startRedis();
  const connection = { host: redis.host, port: redis.port };
  const queue = new Queue(name, { connection });
  const events = new QueueEvents(name, { connection });
  const worker = new Worker(name, processor, { connection });
  await Promise.all([queue.waitUntilReady(), events.waitUntilReady(), worker.waitUntilReady()]);
  return {
    queue,
    events,
    worker,
    async close() {
      await worker.close();
      await events.close();
      await queue.close();
      await redis.stop();
    },
  };
}
