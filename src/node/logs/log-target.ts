/**
 * Which container's log a `pods/log` request reads, with the errors Kubernetes gives, for the agent's
 * `KubeletEndpoints.logs`: kube-apiserver's container choice (registry/core/pod/strategy.go validateContainer) and
 * the kubelet's check of the container's state (validateContainerLogStatus). All are 400 BadRequest.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { badRequest } from '../../api/status-error.js';

function allContainerNames(pod: Pod): string[] {
  const spec = pod.spec;
  return [
    ...(spec?.initContainers ?? []).map((c) => c.name),
    ...(spec?.containers ?? []).map((c) => c.name),
    ...(spec?.ephemeralContainers ?? []).map((c) => c.name),
  ];
}

/** Go's `%q` for the simple strings of names and reasons. */
const q = (s: string) => JSON.stringify(s);

/**
 * The container to read: `requested`, or the only container when none is named. Throws
 * `a container name must be specified for pod p, choose one of: [a b]` or `container c is not valid for pod p`.
 */
export function resolveLogContainer(pod: Pod, requested: string | undefined): string {
  const podName = pod.metadata?.name ?? '';
  const names = allContainerNames(pod);
  if (!requested) {
    const containers = pod.spec?.containers ?? [];
    if (containers.length === 1) return containers[0]?.name ?? '';
    if (containers.length === 0) throw badRequest(`a container name must be specified for pod ${podName}`);
    throw badRequest(`a container name must be specified for pod ${podName}, choose one of: [${names.join(' ')}]`);
  }
  if (!names.includes(requested)) throw badRequest(`container ${requested} is not valid for pod ${podName}`);
  return requested;
}

/** Which run's log the kubelet reads: the current (running or just terminated) one, or the last terminated one. */
export type LogSource = 'current' | 'lastTerminated';

/**
 * The kubelet's choice from the container's status: `previous` reads the last terminated run; otherwise the
 * running or terminated run, else the last terminated one. Throws the kubelet's wording when there is none
 * (`container "c" in pod "p" is waiting to start: ContainerCreating`, `previous terminated container "c" in pod
 * "p" not found`, ...).
 */
export function logSourceFor(pod: Pod, container: string, previous: boolean): LogSource {
  const podName = pod.metadata?.name ?? '';
  const status = pod.status;
  const cs = [
    ...(status?.containerStatuses ?? []),
    ...(status?.initContainerStatuses ?? []),
    ...(status?.ephemeralContainerStatuses ?? []),
  ].find((s) => s.name === container);
  const where = `container ${q(container)} in pod ${q(podName)}`;
  if (!cs) throw badRequest(`${where} is not available`);
  const last = cs.lastState?.terminated;
  const { waiting, running, terminated } = cs.state ?? {};
  const hasLast = last !== undefined && Boolean(last.containerID);
  if (previous) {
    if (!hasLast) throw badRequest(`previous terminated ${where} not found`);
    return 'lastTerminated';
  }
  if (running) return 'current';
  if (terminated) {
    if (terminated.containerID) return 'current';
    if (hasLast) return 'lastTerminated';
    throw badRequest(`${where} is terminated`);
  }
  if (last) {
    if (!last.containerID) throw badRequest(`${where} is terminated`);
    return 'lastTerminated';
  }
  if (waiting) {
    const reason = waiting.reason ?? '';
    if (reason === 'ErrImagePull') throw badRequest(`${where} is waiting to start: image can't be pulled`);
    if (reason === 'ImagePullBackOff')
      throw badRequest(`${where} is waiting to start: trying and failing to pull image`);
    throw badRequest(`${where} is waiting to start: ${reason}`);
  }
  throw badRequest(`${where} is waiting to start - no logs yet`);
}
