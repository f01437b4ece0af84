import { Worker } from 'node:worker_threads';
import type { ReadTask, TaskAnswer } from './task.js';

interface Pending {
  readonly task: ReadTask;
  readonly transfer: readonly ArrayBuffer[];
  readonly resolve: (answer: TaskAnswer<unknown>) => void;
  readonly reject: (error: Error) => void;
}

/**
 * Up to `size` reading workers, started as tasks arrive; each runs one task at a time, in the
 * order given. A worker that fails (its script cannot be loaded, it crashes) fails every task
 * not yet answered: the run stops with that error rather than waiting.
 *
 * @example
 * ```ts
 * const pool = new WorkerPool(new URL('./read-worker.js', import.meta.url), 2);
 * const answer = await pool.run({ kind: 'range', file: 'app.log', start: 0, end: 1024, strict: false, keep: [] });
 * await pool.close();
 * ```
 */
export class WorkerPool {
  readonly #script: URL;
  readonly #size: number;
  readonly #workers: Worker[] = [];
  readonly #idle: Worker[] = [];
  readonly #queue: Pending[] = [];
  readonly #running = new Map<Worker, Pending>();
  #failure: Error | undefined;

  constructor(script: URL, size: number) {
    this.#script = script;
    this.#size = size;
  }

  /** Runs `task` (moving the buffers of `transfer` to the worker); its answer. */
  run<Result>(task: ReadTask, transfer: readonly ArrayBuffer[] = []): Promise<TaskAnswer<Result>> {
    return new Promise((resolve, reject) => {
      if (this.#failure !== undefined) reject(this.#failure);
      else {
        const settle = resolve as (answer: TaskAnswer<unknown>) => void;
        this.#queue.push({ task, transfer, resolve: settle, reject });
        this.#next();
      }
    });
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    await Promise.all(this.#workers.map((worker) => worker.terminate()));
  }

  #next(): void {
    if (this.#queue.length === 0) return;
    const worker = this.#idle.pop() ?? this.#start();
    if (worker === undefined) return;
    const pending = this.#queue.shift() as Pending;
    this.#running.set(worker, pending);
    worker.postMessage(pending.task, pending.transfer);
  }

  #start(): Worker | undefined {
    if (this.#workers.length >= this.#size) return undefined;
    const worker = new Worker(this.#script);
    this.#workers.push(worker);
    worker.on('message', (answer: TaskAnswer<unknown>) => {
      const pending = this.#running.get(worker);
      this.#running.delete(worker);
      this.#idle.push(worker);
      pending?.resolve(answer);
      this.#next();
    });
    worker.on('error', (error) => this.#fail(error));
    return worker;
  }

  #fail(error: Error): void {
    this.#failure ??= new Error(`a reading worker failed (${error.message})`);
    for (const pending of [...this.#running.values(), ...this.#queue.splice(0)]) {
      pending.reject(this.#failure);
    }
    this.#running.clear();
  }
}
