/** Builders for the Deployment controller's unit tests: small Deployments and ReplicaSets with upstream defaults. */
import type { DeploymentStrategy } from 'kubernetes-types/apps/v1.js';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import {
  type DeploymentObject,
  desiredReplicasAnnotation,
  maxReplicasAnnotation,
  type PodObject,
  podTemplateHashLabel,
  type ReplicaSetObject,
  revisionAnnotation,
} from './types.js';

export const uid = 'd-uid';

export function template(image = 'nginx:1', labels: Record<string, string> = { app: 'hello' }): PodTemplateSpec {
  return { metadata: { labels }, spec: { containers: [{ name: 'c', image }] } };
}

export interface DeploymentOptions {
  replicas?: number;
  maxSurge?: number | string;
  maxUnavailable?: number | string;
  strategy?: 'RollingUpdate' | 'Recreate';
  image?: string;
  generation?: number;
  progressDeadlineSeconds?: number;
  revisionHistoryLimit?: number;
  annotations?: Record<string, string>;
  status?: DeploymentObject['status'];
}

export function deployment(o: DeploymentOptions = {}): DeploymentObject {
  const strategy: DeploymentStrategy =
    o.strategy === 'Recreate'
      ? { type: 'Recreate' }
      : {
          type: 'RollingUpdate',
          rollingUpdate: { maxSurge: o.maxSurge ?? '25%', maxUnavailable: o.maxUnavailable ?? '25%' },
        };
  const d: DeploymentObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'hello', namespace: 'default', uid, generation: o.generation ?? 1 },
    spec: {
      replicas: o.replicas ?? 3,
      selector: { matchLabels: { app: 'hello' } },
      template: template(o.image),
      strategy,
      revisionHistoryLimit: o.revisionHistoryLimit ?? 10,
      progressDeadlineSeconds: o.progressDeadlineSeconds ?? 600,
    },
  };
  if (o.annotations) d.metadata.annotations = o.annotations;
  if (o.status) d.status = o.status;
  return d;
}

export interface ReplicaSetOptions {
  name: string;
  replicas: number;
  image?: string;
  created?: string;
  revision?: number;
  available?: number;
  ready?: number;
  /** status.replicas; defaults to `replicas`. */
  actual?: number;
  desired?: number;
  max?: number;
  owner?: string | null;
  uid?: string;
}

export function replicaSet(o: ReplicaSetOptions): ReplicaSetObject {
  const annotations: Record<string, string> = {};
  if (o.revision !== undefined) annotations[revisionAnnotation] = String(o.revision);
  if (o.desired !== undefined) annotations[desiredReplicasAnnotation] = String(o.desired);
  if (o.max !== undefined) annotations[maxReplicasAnnotation] = String(o.max);
  const t = template(o.image, { app: 'hello', [podTemplateHashLabel]: o.name });
  const rs: ReplicaSetObject = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: o.name,
      namespace: 'default',
      uid: o.uid ?? `uid-${o.name}`,
      creationTimestamp: o.created ?? '2024-01-01T00:00:00Z',
      labels: { ...t.metadata?.labels },
      annotations,
    },
    spec: { replicas: o.replicas, selector: { matchLabels: { ...t.metadata?.labels } }, template: t },
    status: {
      replicas: o.actual ?? o.replicas,
      readyReplicas: o.ready ?? o.available ?? 0,
      availableReplicas: o.available ?? 0,
    },
  };
  if (o.owner !== null) {
    rs.metadata.ownerReferences = [
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'hello', uid: o.owner ?? uid, controller: true },
    ];
  }
  return rs;
}

export function pod(name: string, ownerUid: string, phase = 'Running'): PodObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      labels: { app: 'hello' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: ownerUid, controller: true }],
    },
    status: { phase },
  };
}

/** The sizes a list of scale requests asks for, by ReplicaSet name. */
export function sizes(requests: readonly { rs: ReplicaSetObject; replicas: number }[]): Record<string, number> {
  return Object.fromEntries(requests.map((r) => [r.rs.metadata.name ?? '', r.replicas]));
}
