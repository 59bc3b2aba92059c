/** What every pod worker of the node agent shares: the API, the runtime parts and the node-wide state. */
import type { Pod, Service } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../api/object.js';
import type { EventRecorder, EventType, Logger } from '../../client/framework-types.js';
import type { KubeClient } from '../../client/types.js';
import type { LogStore, PodLogRef } from '../logs/index.js';
import type { ImageResolver, ProcessRuntime } from '../node-types.js';
import type { ProbeManager } from '../probes/index.js';
import type { EnvSources } from './env/container-env.js';
import type { PodIPAllocator } from './pod-ip-allocator.js';
import type { RestartBackoff } from './restart-backoff.js';

/** A Pod as the API serves it. */
export type PodObject = Pod & KubeObject;

export interface AgentContext {
  /** Writes as field manager `kubelet`. */
  client: KubeClient;
  recorder: EventRecorder;
  images: ImageResolver;
  runtime: ProcessRuntime;
  logs: LogStore;
  probes: ProbeManager;
  ips: PodIPAllocator;
  /** CrashLoopBackOff, keyed `<uid>/<container>`. */
  restartBackoff: RestartBackoff;
  /** ImagePullBackOff, keyed `<uid>/<image>`. */
  imageBackoff: RestartBackoff;
  /** `<dataDir>/pods/<uid>` holds each pod's volumes and container directories. */
  dataDir: string;
  log: Logger;
  now(): Date;
  /** The Services of the cluster (for the service environment variables). */
  services(): Service[];
  /** The node's allocatable resources (downward API limits that are not set). */
  nodeAllocatable(): Readonly<Record<string, string>>;
  envSources: EnvSources;
  /** Normalized references of the images "on this machine" (pulled once). */
  pulledImages: Set<string>;
  /** Waits until no proxy or ingress sends the pod new connections (or the timeout). */
  drain(pod: PodObject, timeoutMs: number): Promise<void>;
}

/** The kubelet's `format.Pod`: `name_namespace(uid)`. */
export function describePod(pod: Pod): string {
  return `${pod.metadata?.name ?? ''}_${pod.metadata?.namespace ?? ''}(${pod.metadata?.uid ?? ''})`;
}

export function logRef(pod: Pod): PodLogRef {
  return { namespace: pod.metadata?.namespace ?? '', name: pod.metadata?.name ?? '', uid: pod.metadata?.uid ?? '' };
}

/** Records an Event about the pod (the kubelet reports container events on the pod). */
export function podEvent(ctx: AgentContext, pod: PodObject, type: EventType, reason: string, message: string): void {
  const { name, namespace, uid, resourceVersion } = pod.metadata;
  const metadata: KubeObject['metadata'] = {};
  if (name !== undefined) metadata.name = name;
  if (namespace !== undefined) metadata.namespace = namespace;
  if (uid !== undefined) metadata.uid = uid;
  if (resourceVersion !== undefined) metadata.resourceVersion = resourceVersion;
  ctx.recorder.event({ apiVersion: 'v1', kind: 'Pod', metadata }, type, reason, message);
}
