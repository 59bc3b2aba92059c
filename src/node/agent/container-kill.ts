/**
 * Stopping one container as the kubelet's `killContainer` does: a `Killing` event, the preStop hook (only with a
 * grace period, bounded by it), SIGTERM, then SIGKILL when the grace period is over, with at least 2 s between
 * SIGTERM and SIGKILL unless the kill is forced (grace 0).
 */
import type { ContainerProcess, ExitStatus } from '../node-types.js';
import { Deadline } from './deadline.js';

/** The kubelet's `minimumGracePeriodInSeconds`. */
export const minimumGraceMs = 2000;

export interface KillOptions {
  process: ContainerProcess;
  /** When SIGKILL is due; a forced kill passes a deadline already over. */
  deadline: Deadline;
  /** Runs the preStop hook, if the container has one; it is aborted when the deadline passes. */
  preStop?: ((timeoutMs: number, signal: AbortSignal) => Promise<void>) | undefined;
  /** Aborts when the kill becomes forced (the pod was force-deleted meanwhile): SIGKILL at once. */
  force?: AbortSignal;
  now?: () => number;
}

export interface KillSteps {
  /** What happened, in order: `preStop`, `SIGTERM`, `SIGKILL` (for tests and logs). */
  steps: string[];
  exit: ExitStatus;
}

export async function killContainer(options: KillOptions): Promise<KillSteps> {
  const { process: proc, deadline } = options;
  const now = options.now ?? Date.now;
  const steps: string[] = [];
  const forced = deadline.remainingMs() === 0 || options.force?.aborted === true;
  if (options.preStop && !forced) {
    steps.push('preStop');
    await deadline.race(
      options.preStop(deadline.remainingMs(), deadline.signal).catch(() => {
        // reported by the caller's hook wrapper
      }),
    );
  }
  if (forced) {
    steps.push('SIGKILL');
    proc.kill('SIGKILL');
    return { steps, exit: await proc.exited };
  }
  // At least the minimum grace between SIGTERM and SIGKILL, unless a forced delete shortens it later.
  const termDeadline = new Deadline(Math.max(deadline.time, now() + minimumGraceMs), now);
  const forcedLater = () => termDeadline.shorten(now());
  if (options.force?.aborted) forcedLater();
  options.force?.addEventListener('abort', forcedLater, { once: true });
  try {
    steps.push('SIGTERM');
    proc.kill('SIGTERM');
    const outcome = await termDeadline.race(proc.exited);
    if (outcome !== 'deadline') return { steps, exit: outcome };
    steps.push('SIGKILL');
    proc.kill('SIGKILL');
    return { steps, exit: await proc.exited };
  } finally {
    options.force?.removeEventListener('abort', forcedLater);
    termDeadline.dispose();
  }
}
