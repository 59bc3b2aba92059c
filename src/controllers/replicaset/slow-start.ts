/**
 * Slow-start batching of pod creations (k/k `slowStartBatch`, `SlowStartInitialBatchSize = 1`): batches of
 * 1, 2, 4 … run concurrently within a batch; the first failing batch stops the rest, so a quota or admission
 * error costs one request rather than hundreds.
 */

/** `controller.SlowStartInitialBatchSize`. */
export const slowStartInitialBatchSize = 1;

/** The batch sizes `slowStartBatch` uses for `count` calls when every call succeeds. */
export function slowStartBatchSizes(count: number, initialBatchSize = slowStartInitialBatchSize): number[] {
  const sizes: number[] = [];
  let remaining = count;
  for (let size = Math.min(remaining, initialBatchSize); size > 0; size = Math.min(2 * size, remaining)) {
    sizes.push(size);
    remaining -= size;
  }
  return sizes;
}

export interface SlowStartResult {
  /** Calls that succeeded. */
  successes: number;
  /** The first error of the batch that failed, if any. */
  error?: unknown;
}

/**
 * Calls `fn` up to `count` times in slow-start batches. After a batch with a failure no further batch starts;
 * the result counts the successes and carries one of that batch's errors.
 */
export async function slowStartBatch(
  count: number,
  initialBatchSize: number,
  fn: () => Promise<void>,
): Promise<SlowStartResult> {
  let remaining = count;
  let successes = 0;
  for (let size = Math.min(remaining, initialBatchSize); size > 0; size = Math.min(2 * size, remaining)) {
    const results = await Promise.allSettled(Array.from({ length: size }, async () => fn()));
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    successes += size - failed.length;
    const first = failed[0];
    if (first) return { successes, error: first.reason };
    remaining -= size;
  }
  return { successes };
}
