/**
 * A deleted pod's end (the kubelet's syncTerminatingPod and syncTerminatedPod, then the status manager's final
 * delete): no more starts; liveness and startup probes stop; the agent waits until no proxy or ingress sends the
 * pod new connections (at most 5 s of the grace period); every container gets `Killing` ("Stopping container c"),
 * its preStop hook, SIGTERM and, when the grace period ends, SIGKILL; then the terminal status is written, the
 * volumes and pod directory removed, the IP released, the pod confirmed deleted (`DELETE` with grace 0 and the
 * pod's uid as precondition) and its logs removed. A pod force-deleted meanwhile is killed at once.
 */
import type { DeleteOptions } from '../../client/types.js';
import { type AgentContext, describePod, logRef, type PodObject, podEvent } from './agent-context.js';
import { killContainer } from './container-kill.js';
import type { ContainerRecord } from './container-record.js';
import type { PodSandbox } from './container-start.js';
import { preStopHook, type StopHost } from './container-stop.js';
import { Deadline } from './deadline.js';
import { removePodDir } from './pod-sandbox.js';

const podsGvr = { group: '', version: 'v1', resource: 'pods' };
/** The longest wait for the data plane before stopping the pod. */
export const maxDrainMs = 5000;

export interface TerminationHost extends StopHost {
  readonly ctx: AgentContext;
  readonly pod: PodObject;
  readonly uid: string;
  readonly removed: boolean;
  readonly sandbox: PodSandbox | undefined;
  deadline: Deadline | undefined;
  readonly force: AbortController;
  readonly stopStarting: AbortController;
  allRecords(): ContainerRecord[];
  writeStatus(terminal: boolean): Promise<void>;
  releaseSandbox(): Promise<void>;
}

/** The grace period in seconds: the deletion's, else the pod's, else 30; 0 once the pod is gone. */
export function gracePeriodSeconds(pod: PodObject, removed: boolean): number {
  if (removed) return 0;
  return pod.metadata.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
}

export async function terminatePod(host: TerminationHost): Promise<void> {
  const { ctx } = host;
  host.stopStarting.abort();
  const grace = gracePeriodSeconds(host.pod, host.removed);
  const deadline = new Deadline(Date.now() + grace * 1000);
  host.deadline = deadline;
  if (grace === 0) host.force.abort();
  try {
    ctx.probes.stopLivenessAndStartup(host.uid);
    const running = host.allRecords().filter((r) => r.process !== undefined);
    if (running.length > 0 && !host.force.signal.aborted) {
      await deadline.race(
        ctx.drain(host.pod, Math.min(grace * 1000, maxDrainMs)).catch((err: unknown) => {
          ctx.log.info('waiting for the data plane failed', { pod: describePod(host.pod), err });
        }),
      );
    }
    await Promise.all(running.map((rec) => stopContainer(host, rec, deadline)));
  } finally {
    deadline.dispose();
  }
  ctx.probes.removePod(host.uid);
  await host.writeStatus(true).catch((err: unknown) => {
    ctx.log.info('could not write the final pod status', { pod: describePod(host.pod), err });
  });
  await host.releaseSandbox();
  await removePodDir(ctx, host.uid);
  if (!host.removed) await confirmDeletion(ctx, host.pod);
  await ctx.logs.removePod(logRef(host.pod));
  ctx.restartBackoff.deletePrefix(`${host.uid}/`);
  ctx.imageBackoff.deletePrefix(`${host.uid}/`);
}

async function stopContainer(host: TerminationHost, rec: ContainerRecord, deadline: Deadline): Promise<void> {
  const proc = rec.process;
  if (!proc) return;
  podEvent(host.ctx, host.pod, 'Normal', 'Killing', `Stopping container ${rec.name}`);
  await killContainer({ process: proc, deadline, preStop: preStopHook(host, rec), force: host.force.signal });
}

/** The kubelet's final delete: grace 0, only this pod (uid precondition); gone or replaced is fine. */
async function confirmDeletion(ctx: AgentContext, pod: PodObject): Promise<void> {
  const options: DeleteOptions = { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid ?? '' } };
  try {
    await ctx.client.resource(podsGvr, pod.metadata.namespace ?? '').delete(pod.metadata.name ?? '', options);
  } catch (err) {
    const code = (err as { code?: number }).code;
    if (code !== 404 && code !== 409) throw err;
  }
}
