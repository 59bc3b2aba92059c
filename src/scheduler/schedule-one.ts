/**
 * One scheduling cycle for one pod, the I/O shell around `schedulePod` (kube-scheduler `scheduleOne`): bind
 * through `pods/{name}/binding` and report `Scheduled`, or report `FailedScheduling` and PodScheduled=False and
 * leave the pod to the queue's retry policy.
 */
import type { Binding, Pod } from 'kubernetes-types/core/v1.js';
import type { EventRecorder, Informer, Logger } from '../client/framework-types.js';
import { isConflict, isNotFound } from '../client/status-decode.js';
import type { KubeClient, ResourceClient } from '../client/types.js';
import { buildNodeInfos } from './node-info.js';
import { withUnschedulableCondition } from './pod-scheduled-condition.js';
import { schedulePod } from './schedule-pod.js';
import type { SchedulingQueue } from './scheduling-queue.js';
import { type NodeObject, needsScheduling, type PodObject, podKey, podsResource } from './types.js';

export interface ScheduleDeps {
  client: KubeClient;
  pods: Informer<PodObject>;
  nodes: Informer<NodeObject>;
  queue: SchedulingQueue;
  assumed: Map<string, string>;
  recorder: EventRecorder;
  schedulerName: string;
  now: () => Date;
  log: Logger;
}

function podsIn(client: KubeClient, namespace: string): ResourceClient<PodObject> {
  return client.resource<PodObject>(podsResource, namespace);
}

/** The Binding kube-scheduler's DefaultBinder posts. */
export function bindingFor(pod: Pod, nodeName: string): Binding {
  return {
    apiVersion: 'v1',
    kind: 'Binding',
    metadata: { name: pod.metadata?.name ?? '', namespace: pod.metadata?.namespace ?? '' },
    target: { apiVersion: 'v1', kind: 'Node', name: nodeName },
  };
}

/** Schedules the pod with this key, if it still needs it. */
export async function scheduleOne(deps: ScheduleDeps, key: string): Promise<void> {
  const pod = deps.pods.get(key);
  if (!pod || !needsScheduling(pod, deps.schedulerName) || deps.assumed.has(key)) {
    deps.queue.forget(key);
    return;
  }
  deps.queue.startAttempt(key);
  const infos = buildNodeInfos(deps.nodes.list(), deps.pods.list(), deps.assumed);
  const result = schedulePod(pod, infos);
  if (result.kind === 'fit') await bind(deps, pod, result.nodeName);
  else await reportUnschedulable(deps, pod, result.message);
}

async function bind(deps: ScheduleDeps, pod: PodObject, nodeName: string): Promise<void> {
  const key = podKey(pod);
  const { name = '', namespace = '' } = pod.metadata;
  // Assumed before the write, so the informer's update (which may come first) clears it.
  deps.assumed.set(key, nodeName);
  try {
    await podsIn(deps.client, namespace).subresource(name, 'binding', 'POST', bindingFor(pod, nodeName));
  } catch (err) {
    deps.assumed.delete(key);
    // Gone, being deleted, or bound by someone else: nothing left to do for this pod.
    if (isNotFound(err) || isConflict(err)) {
      deps.queue.forget(key);
      return;
    }
    throw err;
  }
  deps.queue.forget(key);
  deps.recorder.event(pod, 'Normal', 'Scheduled', `Successfully assigned ${namespace}/${name} to ${nodeName}`);
}

async function reportUnschedulable(deps: ScheduleDeps, pod: PodObject, message: string): Promise<void> {
  deps.queue.unschedulable(podKey(pod));
  deps.recorder.event(pod, 'Warning', 'FailedScheduling', message);
  deps.log.info('pod is unschedulable', { pod: podKey(pod), message });
  const client = podsIn(deps.client, pod.metadata.namespace ?? '');
  let current: PodObject = pod;
  for (let attempt = 0; attempt < 2; attempt++) {
    const status = withUnschedulableCondition(current.status, message, deps.now());
    if (!status || current.spec?.nodeName) return;
    try {
      await client.updateStatus({ ...current, status });
      return;
    } catch (err) {
      if (isNotFound(err)) return;
      if (!isConflict(err) || attempt > 0) throw err;
      current = await client.get(pod.metadata.name ?? '');
    }
  }
}
