/**
 * Workers over a queue whose items say themselves whether to come back (upstream GC's `forgetItem` /
 * `requeueItem`): unlike the framework's `runWorkers`, a successful pass may ask for a rate-limited retry
 * without being an error (a virtual node seen to exist but not yet delivered by its informer).
 */
import type { Logger, WorkQueue } from '../../client/framework-types.js';
import { isConflict } from '../../client/status-decode.js';

export interface RunQueueOptions {
  queue: WorkQueue;
  workers: number;
  process: (key: string) => Promise<'forget' | 'requeue'>;
  signal: AbortSignal;
  log: Logger;
}

/** Resolves once every worker stopped (after `signal` aborts). */
export async function runQueue(options: RunQueueOptions): Promise<void> {
  const { queue, signal } = options;
  if (signal.aborted) queue.shutDown();
  else signal.addEventListener('abort', () => queue.shutDown(), { once: true });
  await Promise.all(Array.from({ length: Math.max(1, options.workers) }, () => worker(options)));
}

async function worker({ queue, process, signal, log }: RunQueueOptions): Promise<void> {
  for (;;) {
    const key = await queue.get();
    if (key === undefined) return;
    try {
      if (signal.aborted) return;
      const action = await process(key);
      if (action === 'forget') queue.forget(key);
      else queue.addRateLimited(key);
    } catch (err) {
      if (!signal.aborted) {
        if (isConflict(err)) log.info('conflict, requeuing', { key, err });
        else log.error('error syncing item, requeuing', { key, err });
      }
      queue.addRateLimited(key);
    } finally {
      queue.done(key);
    }
  }
}
