/**
 * Container statuses with `started` and `ready` filled in as the kubelet's prober manager does: a running
 * container is started once its startup probe succeeded (at once without one) and ready once its readiness probe
 * succeeded (at once without one); an init container is ready once it exited 0. Anything not running is neither.
 */
import type { ContainerStatus } from 'kubernetes-types/core/v1.js';
import type { ProbeManager } from '../probes/index.js';
import type { ContainerRecord } from './container-record.js';

export function containerStatuses(
  probes: ProbeManager,
  podUid: string,
  records: readonly ContainerRecord[],
  init: boolean,
): ContainerStatus[] {
  return records.map((r) => {
    const s = r.status();
    const live = r.process !== undefined && !r.postStartPending;
    if (init) {
      s.started = live;
      s.ready = r.state.terminated?.exitCode === 0;
    } else if (live) {
      const state = probes.containerState(podUid, r.name);
      s.started = state?.started ?? false;
      s.ready = state?.ready ?? false;
    } else {
      s.started = false;
      s.ready = false;
    }
    return s;
  });
}
