/**
 * Informer handlers: pending pods enter the queue; node changes that matter and pods leaving a node move the
 * waiting pods back; the scheduler's own bindings stop being "assumed" once the informer shows them.
 */
import type { Informer } from '../client/framework-types.js';
import { assignedPodReleased, nodeSchedulingPropertiesChanged, pendingPodChanged } from './cluster-events.js';
import { holdsNodeResources } from './node-info.js';
import type { SchedulingQueue } from './scheduling-queue.js';
import { type NodeObject, needsScheduling, type PodObject, podKey } from './types.js';

export interface HandlerDeps {
  pods: Informer<PodObject>;
  nodes: Informer<NodeObject>;
  queue: SchedulingQueue;
  /** Pods bound by this scheduler that the informer does not show bound yet: `ns/name` → node. */
  assumed: Map<string, string>;
  schedulerName: string;
}

export function registerHandlers({ pods, nodes, queue, assumed, schedulerName }: HandlerDeps): void {
  const podGone = (pod: PodObject) => {
    const key = podKey(pod);
    assumed.delete(key);
    queue.forget(key);
  };
  pods.addHandlers({
    add(pod) {
      if (pod.spec?.nodeName) assumed.delete(podKey(pod));
      else if (needsScheduling(pod, schedulerName)) queue.add(podKey(pod));
    },
    update(oldPod, newPod) {
      const key = podKey(newPod);
      if (newPod.spec?.nodeName) {
        if (!oldPod.spec?.nodeName) podGone(newPod);
        else if (assignedPodReleased(oldPod, newPod)) queue.moveAll();
        return;
      }
      if (!needsScheduling(newPod, schedulerName)) return;
      if (!needsScheduling(oldPod, schedulerName)) queue.add(key);
      else if (queue.isUnschedulable(key) && pendingPodChanged(oldPod, newPod)) queue.movePod(key);
    },
    delete(pod) {
      podGone(pod);
      if (holdsNodeResources(pod)) queue.moveAll();
    },
  });
  nodes.addHandlers({
    add: () => queue.moveAll(),
    update(oldNode, newNode) {
      if (nodeSchedulingPropertiesChanged(oldNode, newNode)) queue.moveAll();
    },
  });
}
