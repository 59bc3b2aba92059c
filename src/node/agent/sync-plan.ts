/**
 * What a pod needs next, from its containers' states (the kubelet's `computePodActions` without sandboxes): init
 * containers run one at a time, in order, each to success; then every container that never ran starts, and every
 * container that stopped restarts when the restart policy says so (Always: always; OnFailure: after a failure;
 * Never: not). A pod whose init container failed under Never, or whose containers all stopped for good, is done.
 */

export type RestartPolicy = 'Always' | 'OnFailure' | 'Never';

export interface ContainerView {
  name: string;
  /** Running, being started or being killed. */
  active: boolean;
  /** Exit code of the latest run, when there was one. */
  lastExitCode: number | undefined;
  /** Restart whatever the policy (the container's definition changed). */
  restartAnyway?: boolean;
}

export interface PodPlan {
  /** Containers to start for the first time, in order. */
  start: string[];
  /** Containers to start again (subject to the restart backoff), in order. */
  restart: string[];
  /** Init containers have not all succeeded yet. */
  initializing: boolean;
  /** Nothing runs and nothing will: the pod reached Succeeded or Failed. */
  done: boolean;
}

export function shouldRestart(policy: RestartPolicy, exitCode: number): boolean {
  if (policy === 'Always') return true;
  if (policy === 'OnFailure') return exitCode !== 0;
  return false;
}

export function planPod(
  policy: RestartPolicy,
  init: readonly ContainerView[],
  main: readonly ContainerView[],
): PodPlan {
  const plan: PodPlan = { start: [], restart: [], initializing: false, done: false };
  for (const c of init) {
    if (c.active) {
      plan.initializing = true;
      return plan;
    }
    if (c.lastExitCode === undefined) {
      plan.initializing = true;
      plan.start.push(c.name);
      return plan;
    }
    if (c.lastExitCode !== 0) {
      plan.initializing = true;
      // An init container that failed is retried unless the pod never restarts.
      if (policy === 'Never') plan.done = true;
      else plan.restart.push(c.name);
      return plan;
    }
  }
  let active = 0;
  for (const c of main) {
    if (c.active) active++;
    else if (c.lastExitCode === undefined) plan.start.push(c.name);
    else if (c.restartAnyway || shouldRestart(policy, c.lastExitCode)) plan.restart.push(c.name);
  }
  plan.done = main.length > 0 && active === 0 && plan.start.length === 0 && plan.restart.length === 0;
  return plan;
}
