/** Builders of pods and ReplicaSets for this controller's tests. */
import type { PodStatus } from 'kubernetes-types/core/v1.js';
import type { ObjectMeta } from '../../api/object.js';
import type { PodObject, ReplicaSetObject } from './types.js';

export interface PodOptions {
  name?: string;
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  node?: string;
  phase?: string;
  /** When the pod turned Ready (RFC 3339); a pod without it is not ready. */
  readySince?: string;
  /** Ready condition present but False. */
  notReady?: boolean;
  restarts?: number;
  created?: string;
  deletionCost?: string;
  deleting?: boolean;
  owner?: ReplicaSetObject;
}

export function testPod(o: PodOptions = {}): PodObject {
  const metadata: ObjectMeta = {
    name: o.name ?? 'p',
    namespace: o.namespace ?? 'default',
    uid: o.uid ?? o.name ?? 'p',
    labels: o.labels ?? { app: 'web' },
  };
  if (o.created) metadata.creationTimestamp = o.created;
  if (o.deletionCost !== undefined)
    metadata.annotations = { 'controller.kubernetes.io/pod-deletion-cost': o.deletionCost };
  if (o.deleting) metadata.deletionTimestamp = '2024-01-01T00:00:00Z';
  if (o.owner) {
    metadata.ownerReferences = [
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        name: o.owner.metadata.name ?? '',
        uid: o.owner.metadata.uid ?? '',
        controller: true,
        blockOwnerDeletion: true,
      },
    ];
  }
  const status: PodStatus = { phase: o.phase ?? 'Running' };
  if (o.readySince) status.conditions = [{ type: 'Ready', status: 'True', lastTransitionTime: o.readySince }];
  else if (o.notReady) status.conditions = [{ type: 'Ready', status: 'False' }];
  if (o.restarts !== undefined)
    status.containerStatuses = [{ name: 'c', image: 'nginx', imageID: '', ready: true, restartCount: o.restarts }];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata,
    spec: { containers: [{ name: 'c', image: 'nginx' }], ...(o.node ? { nodeName: o.node } : {}) },
    status,
  };
}

export interface ReplicaSetOptions {
  name?: string;
  uid?: string;
  replicas?: number;
  minReadySeconds?: number;
  generation?: number;
  deleting?: boolean;
  selector?: Record<string, string>;
  templateLabels?: Record<string, string>;
}

export function testReplicaSet(o: ReplicaSetOptions = {}): ReplicaSetObject {
  const selector = o.selector ?? { app: 'web' };
  const metadata: ObjectMeta = {
    name: o.name ?? 'web',
    namespace: 'default',
    uid: o.uid ?? 'rs-uid',
    generation: o.generation ?? 1,
  };
  if (o.deleting) metadata.deletionTimestamp = '2024-01-01T00:00:00Z';
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata,
    spec: {
      replicas: o.replicas ?? 3,
      minReadySeconds: o.minReadySeconds ?? 0,
      selector: { matchLabels: selector },
      template: {
        metadata: { labels: o.templateLabels ?? selector },
        spec: { containers: [{ name: 'c', image: 'nginx' }] },
      },
    },
  };
}
