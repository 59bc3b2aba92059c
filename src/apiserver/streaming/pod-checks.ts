/**
 * The checks made before a streaming upgrade, with the wording of kube-apiserver (pod registry: container choice,
 * host assignment) and of the kubelet (the container must be running), so kubectl prints what it prints against
 * a real cluster.
 */
import type { Container, ContainerStatus, Pod } from 'kubernetes-types/core/v1.js';
import { badRequest } from '../../api/status-error.js';

/** An answer the kubelet gives as plain text (kubectl prints `error: unable to upgrade connection: <text>`). */
export class PlainTextError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'PlainTextError';
  }
}

function allContainers(pod: Pod): Container[] {
  const spec = pod.spec;
  return [...(spec?.initContainers ?? []), ...(spec?.containers ?? []), ...(spec?.ephemeralContainers ?? [])];
}

/** The container a request targets: the one named, or the pod's only container (kube-apiserver's rules). */
export function chooseContainer(pod: Pod, requested: string): string {
  const name = pod.metadata?.name ?? '';
  if (requested) {
    if (!allContainers(pod).some((c) => c.name === requested)) {
      throw badRequest(`container ${requested} is not valid for pod ${name}`);
    }
    return requested;
  }
  const regular = pod.spec?.containers ?? [];
  if (regular.length === 1 && regular[0]) return regular[0].name;
  if (regular.length === 0) throw badRequest(`a container name must be specified for pod ${name}`);
  const names = allContainers(pod).map((c) => c.name);
  throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${names.join(' ')}]`);
}

/** The pod must be bound to a node. */
export function requireHost(pod: Pod): void {
  if (!pod.spec?.nodeName) {
    throw badRequest(`pod ${pod.metadata?.name ?? ''} does not have a host assigned`);
  }
}

function statusOf(pod: Pod, container: string): ContainerStatus | undefined {
  const s = pod.status;
  return [
    ...(s?.containerStatuses ?? []),
    ...(s?.initContainerStatuses ?? []),
    ...(s?.ephemeralContainerStatuses ?? []),
  ].find((c) => c.name === container);
}

/** The kubelet can only exec in or attach to a running container. */
export function requireRunningContainer(pod: Pod, container: string): void {
  if (!statusOf(pod, container)?.state?.running) {
    throw new PlainTextError(500, `container not found (${JSON.stringify(container)})`);
  }
}

/** Port-forward needs the pod's network: a running pod with an IP. */
export function requireRunningPod(pod: Pod): void {
  const phase = pod.status?.phase ?? 'Unknown';
  if (phase !== 'Running' || !pod.status?.podIP) {
    throw badRequest(`unable to forward port because pod is not running. Current status=${phase}`);
  }
}

/** True while the pod a session was opened for is still the same, live pod. */
export function stillServing(current: Pod | undefined, uid: string): boolean {
  if (!current || current.metadata?.uid !== uid) return false;
  const phase = current.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed';
}
