/**
 * The worker loop of a controller (client-go's `processNextWorkItem`): `workers` loops take keys from the queue
 * and reconcile them; success forgets the key's backoff, failure requeues it rate-limited (a 409 Conflict
 * quietly, anything else with an error line). Aborting `signal` shuts the queue down; workers finish the key
 * in hand and stop.
 */
import type { Logger, ObjectKey, WorkQueue } from './framework-types.js';
import { keyOf } from './object-cache.js';
import { isConflict } from './status-decode.js';

export { keyOf };

export interface RunWorkersOptions {
  /** Controller name, for log lines. */
  name: string;
  queue: WorkQueue;
  workers: number;
  reconcile: (key: ObjectKey) => Promise<void>;
  signal: AbortSignal;
  log: Logger;
}

/** Starts the workers; resolves once all of them have stopped (after `signal` aborts). */
export function runWorkers(options: RunWorkersOptions): Promise<void> {
  const { queue, signal } = options;
  if (signal.aborted) queue.shutDown();
  else signal.addEventListener('abort', () => queue.shutDown(), { once: true });
  const workers = Array.from({ length: Math.max(1, options.workers) }, () => worker(options));
  return Promise.all(workers).then(() => undefined);
}

async function worker({ name, queue, reconcile, signal, log }: RunWorkersOptions): Promise<void> {
  for (;;) {
    const key = await queue.get();
    if (key === undefined) return;
    if (signal.aborted) {
      queue.done(key);
      return;
    }
    try {
      await reconcile(key);
      queue.forget(key);
    } catch (err) {
      if (isConflict(err)) log.info('conflict, requeuing', { controller: name, key, err });
      else log.error('reconcile failed, requeuing', { controller: name, key, err });
      queue.addRateLimited(key);
    } finally {
      queue.done(key);
    }
  }
}

/** Splits a `namespace/name` key (client-go's SplitMetaNamespaceKey); throws on a key with more parts. */
export function splitKey(key: ObjectKey): { namespace: string; name: string } {
  const parts = key.split('/');
  if (parts.length === 1) return { namespace: '', name: key };
  if (parts.length === 2) return { namespace: parts[0] as string, name: parts[1] as string };
  throw new Error(`unexpected key format: ${JSON.stringify(key)}`);
}
