import { Worker } from 'node:worker_threads';
import type { ReadTask, TaskAnswer } from './task.js';

interface Pending {
  readonly resolve: (answer: TaskAnswer<unknown>) => void;
  readonly reject: (error: Error) => void;
}

/** A worker and the tasks it was given, not yet answered, in the order given. */
interface Member {
  readonly worker: Worker;
  readonly pending: Pending[];
}

/**
 * Up to `size` reading workers, started as tasks arrive. A task is posted at once to the worker
 * with the fewest unanswered tasks, which runs its tasks one at a time in the order given: a
 * worker never waits for the main thread to hand it the next one (the main thread may be busy
 * reading a range of its own). A worker that fails (its script cannot be loaded, it crashes)
 * fails every task not yet answered: the run stops with that error rather than waiting.
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
  readonly #members: Member[] = [];
  #failure: Error | undefined;

  constructor(script: URL, size: number) {
    this.#script = script;
    this.#size = size;
  }

  /** Runs `task` (moving the buffers of `transfer` to the worker); its answer. */
  run<Result>(task: ReadTask, transfer: readonly ArrayBuffer[] = []): Promise<TaskAnswer<Result>> {
    return new Promise((resolve, reject) => {
      if (this.#failure !== undefined) {
        reject(this.#failure);
        return;
      }
      const member = this.#leastBusy();
      member.pending.push({ resolve: resolve as Pending['resolve'], reject });
      member.worker.postMessage(task, transfer);
    });
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    await Promise.all(this.#members.map((member) => member.worker.terminate()));
  }

  /** An idle worker, a new one while there is room, else the one with the fewest tasks. */
  #leastBusy(): Member {
    let least = this.#members[0];
    for (const member of this.#members) {
      if (member.pending.length < (least as Member).pending.length) least = member;
    }
    if (least !== undefined && (least.pending.length === 0 || this.#members.length >= this.#size)) {
      return least;
    }
    return this.#start();
  }

  #start(): Member {
    const member: Member = { worker: new Worker(this.#script), pending: [] };
    this.#members.push(member);
    member.worker.on('message', (answer: TaskAnswer<unknown>) => {
      member.pending.shift()?.resolve(answer);
    });
    member.worker.on('error', (error) => this.#fail(error));
    return member;
  }

  #fail(error: Error): void {
    this.#failure ??= new Error(`a reading worker failed (${error.message})`);
    for (const member of this.#members) {
      for (const pending of member.pending.splice(0)) pending.reject(this.#failure);
    }
  }
}
