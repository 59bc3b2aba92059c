/**
 * Writes a pod's status through `pods/{name}/status` when it changed, as the kubelet's status manager does:
 * an update carrying the pod's resourceVersion; on a conflict the pod is read again and the status recomputed
 * from it (its conditions' transition times and others' conditions); a pod gone or replaced is left alone.
 */
import { isConflict, isNotFound } from '../../client/status-decode.js';
import type { AgentContext, PodObject } from './agent-context.js';
import { sameStatus, type WirePodStatus } from './pod-status.js';

const podsGvr = { group: '', version: 'v1', resource: 'pods' };

/** Resolves the pod as written (or as found when nothing changed); undefined when it is gone or replaced. */
export async function writePodStatus(
  ctx: AgentContext,
  pod: PodObject,
  compute: (pod: PodObject) => WirePodStatus,
): Promise<PodObject | undefined> {
  const pods = ctx.client.resource<PodObject>(podsGvr, pod.metadata.namespace ?? '');
  let current = pod;
  for (let attempt = 0; ; attempt++) {
    const status = compute(current);
    if (sameStatus(status, current.status)) return current;
    try {
      return await pods.updateStatus({ ...current, status } as unknown as PodObject);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      if (!isConflict(err) || attempt >= 4) throw err;
    }
    try {
      current = await pods.get(pod.metadata.name ?? '');
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
    if (current.metadata.uid !== pod.metadata.uid) return undefined;
  }
}

/** The newer of two versions of one pod (kubeling's resourceVersions are increasing integers). */
export function newerPod(a: PodObject, b: PodObject): PodObject {
  const rv = (p: PodObject) => {
    const v = p.metadata.resourceVersion ?? '';
    return /^\d+$/.test(v) ? BigInt(v) : -1n;
  };
  return rv(b) >= rv(a) ? b : a;
}
