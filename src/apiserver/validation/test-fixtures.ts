/**
 * Valid, defaulted objects for the validation tests (what the apiserver holds after defaulting), and a
 * helper that renders errors the way kubectl shows them. Used by tests only.
 */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Pod, PodSpec, Service } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../api/object.js';
import { findByKind, type ResourceInfo } from '../../api/registry.js';
import { type FieldError, fieldErrorMessage } from '../../api/status-error.js';

export function messages(errors: readonly FieldError[]): string[] {
  return errors.map(fieldErrorMessage);
}

export function info(apiVersion: string, kind: string): ResourceInfo {
  const r = findByKind(apiVersion, kind);
  if (!r) throw new Error(`no resource ${apiVersion} ${kind}`);
  return r;
}

export function asKube<T>(obj: T): KubeObject {
  return obj as unknown as KubeObject;
}

export function podSpec(): PodSpec {
  return {
    containers: [
      {
        name: 'web',
        image: 'nginx:1.27',
        imagePullPolicy: 'IfNotPresent',
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
        ports: [{ containerPort: 80, protocol: 'TCP' }],
        resources: {},
      },
    ],
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    securityContext: {},
    schedulerName: 'default-scheduler',
    enableServiceLinks: true,
    preemptionPolicy: 'PreemptLowerPriority',
    priority: 0,
    tolerations: [],
  };
}

export function pod(): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'web',
      namespace: 'default',
      uid: 'u-1',
      creationTimestamp: '2025-01-01T00:00:00Z',
      labels: { app: 'web' },
    },
    spec: podSpec(),
  };
}

export function deployment(): Deployment {
  const spec = podSpec();
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'default',
      uid: 'u-2',
      creationTimestamp: '2025-01-01T00:00:00Z',
      generation: 1,
    },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
  };
}

export function replicaSet(): ReplicaSet {
  const d = deployment();
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { ...d.metadata, name: 'web-5d8c9' },
    spec: { replicas: 1, selector: d.spec!.selector, template: d.spec!.template! },
  };
}

export function service(): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default', uid: 'u-3', creationTimestamp: '2025-01-01T00:00:00Z' },
    spec: {
      type: 'ClusterIP',
      selector: { app: 'web' },
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
      clusterIP: '10.96.0.10',
      clusterIPs: ['10.96.0.10'],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
    },
  };
}

/** `T` without `readonly` (kubernetes-types marks server-written fields such as `status` read-only). */
export type Writable<T> = T extends object ? { -readonly [K in keyof T]: Writable<T[K]> } : T;

/** A deep copy with `change` applied. */
export function edit<T>(obj: T, change: (o: Writable<T>) => void): T {
  const copy = structuredClone(obj);
  change(copy as Writable<T>);
  return copy;
}
