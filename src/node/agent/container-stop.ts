/**
 * Stopping a running container outside of pod termination (a liveness or startup probe failure, a changed
 * definition): a `Killing` event with the kubelet's message, the preStop hook, SIGTERM, SIGKILL after the grace
 * period; the exit then goes through the pod worker's restart logic.
 */
import { type AgentContext, describePod, type PodObject, podEvent } from './agent-context.js';
import { killContainer } from './container-kill.js';
import type { ContainerRecord } from './container-record.js';
import type { PodSandbox } from './container-start.js';
import { Deadline } from './deadline.js';
import { runLifecycleHook } from './lifecycle-hooks.js';

export interface StopHost {
  readonly ctx: AgentContext;
  readonly pod: PodObject;
  readonly sandbox: PodSandbox | undefined;
  readonly force: AbortController;
}

/** The container's preStop hook as killContainer runs it, with a FailedPreStopHook event on failure. */
export function preStopHook(
  host: StopHost,
  rec: ContainerRecord,
): ((timeoutMs: number, signal: AbortSignal) => Promise<void>) | undefined {
  const handler = rec.spec.lifecycle?.preStop;
  const sandbox = host.sandbox;
  const exec = rec.exec;
  if (!handler || !sandbox || !exec) return undefined;
  return async (timeoutMs, signal) => {
    const podDescription = describePod(host.pod);
    try {
      await runLifecycleHook(
        handler,
        { podIP: sandbox.podIP, container: rec.spec, podDescription, exec },
        timeoutMs,
        signal,
      );
    } catch (err) {
      host.ctx.log.info('preStop hook failed', { pod: podDescription, container: rec.name, err });
      podEvent(host.ctx, host.pod, 'Warning', 'FailedPreStopHook', 'PreStopHook failed');
    }
  };
}

/** Kills a running container in the background; `graceSeconds` overrides the pod's grace period. */
export function killForRestart(
  host: StopHost,
  rec: ContainerRecord,
  message: string,
  graceSeconds: number | undefined,
): void {
  const proc = rec.process;
  if (!proc || rec.killing) return;
  rec.killing = true;
  podEvent(host.ctx, host.pod, 'Normal', 'Killing', message);
  const grace = graceSeconds ?? host.pod.spec?.terminationGracePeriodSeconds ?? 30;
  const deadline = new Deadline(Date.now() + grace * 1000);
  void killContainer({ process: proc, deadline, preStop: preStopHook(host, rec), force: host.force.signal })
    .catch((err: unknown) => host.ctx.log.error('killing container failed', { pod: describePod(host.pod), err }))
    .finally(() => deadline.dispose());
}
