/**
 * The `endpoints.kubernetes.io/last-change-trigger-time` bookkeeping (eps `util/trigger_time_tracker.go`):
 * per Service, the earliest pod-readiness or Service change not yet reflected in its endpoint objects.
 */
import type { Pod, Service } from './kinds.js';
import { podReadyCondition } from './pod-endpoint.js';

interface ServiceState {
  serviceTime: number;
  podTimes: Map<string, number>;
}

function parseTime(value: string | undefined): number {
  if (!value) return 0;
  const t = Date.parse(value);
  return Number.isNaN(t) ? 0 : t;
}

/** What triggers an endpoint change of a pod: its Ready condition's last transition. */
function podTriggerTime(pod: Pod): number {
  return parseTime(podReadyCondition(pod)?.lastTransitionTime);
}

/**
 * `TriggerTimeTracker`. Not safe for concurrent calls with the same Service, which the work queue rules out.
 */
export class TriggerTimeTracker {
  private readonly states = new Map<string, ServiceState>();

  /**
   * Records the current pods and Service and returns the time to export: the Service's creation for a
   * Service seen the first time, else the earliest trigger time that changed since the last call, or
   * undefined when none did (the annotation is then removed).
   */
  compute(service: Service, pods: readonly Pod[]): Date | undefined {
    const key = `${service.metadata.namespace ?? ''}/${service.metadata.name ?? ''}`;
    const state = this.states.get(key);
    let min = 0;
    const podTimes = new Map<string, number>();
    for (const pod of pods) {
      const t = podTriggerTime(pod);
      if (t === 0) continue;
      const name = pod.metadata.name ?? '';
      podTimes.set(name, t);
      if (t > (state?.podTimes.get(name) ?? 0) && (min === 0 || t < min)) min = t;
    }
    const serviceTime = parseTime(service.metadata.creationTimestamp);
    if (serviceTime > (state?.serviceTime ?? 0) && (min === 0 || serviceTime < min)) min = serviceTime;
    this.states.set(key, { serviceTime, podTimes });
    if (state === undefined) return serviceTime === 0 ? undefined : new Date(serviceTime);
    return min === 0 ? undefined : new Date(min);
  }

  /** Forgets a deleted Service. */
  deleteService(namespace: string, name: string): void {
    this.states.delete(`${namespace}/${name}`);
  }
}
