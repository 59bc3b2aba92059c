/**
 * The restart gate of a stopped container (the kubelet's `doBackOff`): within its backoff the container waits in
 * CrashLoopBackOff (`back-off 20s restarting failed container=c pod=p_ns(uid)`, with a `BackOff` event when it
 * enters it); past it, the restart is recorded (doubling the next backoff) and may go ahead.
 */
import { type AgentContext, describePod, type PodObject, podEvent } from './agent-context.js';
import type { ContainerRecord } from './container-record.js';
import { formatGoDuration } from './restart-backoff.js';

/** Undefined when the container may restart now; else when its backoff ends (epoch ms). */
export function restartGate(ctx: AgentContext, pod: PodObject, rec: ContainerRecord): number | undefined {
  const backoff = ctx.restartBackoff;
  const key = `${pod.metadata.uid ?? ''}/${rec.name}`;
  const finishedAt = rec.finishedAtMs ?? ctx.now().getTime();
  if (!backoff.inBackoffSince(key, finishedAt)) {
    backoff.next(key, finishedAt);
    return undefined;
  }
  const who = describePod(pod);
  if (rec.state.waiting?.reason !== 'CrashLoopBackOff') {
    podEvent(ctx, pod, 'Warning', 'BackOff', `Back-off restarting failed container ${rec.name} in pod ${who}`);
  }
  const delay = formatGoDuration(backoff.get(key));
  rec.wait('CrashLoopBackOff', `back-off ${delay} restarting failed container=${rec.name} pod=${who}`);
  return backoff.readyAt(key, finishedAt);
}
