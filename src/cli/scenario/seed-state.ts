/**
 * The seed scenario's state as one snapshot read through the API: the hello pods, the Service and its
 * EndpointSlices, the Deployment. Used by `kubeling start`'s live view and by the lab's checks.
 */
import type { KubeObject } from '../../api/object.js';
import type { KubeClient } from '../../client/types.js';

export const seed = { namespace: 'dev', deployment: 'hello', service: 'hello-service', selector: 'app=hello' };

export interface PodRow {
  name: string;
  ip: string;
  ready: boolean;
  phase: string;
  restarts: number;
  created: string;
  terminating: boolean;
}

export interface SeedState {
  pods: PodRow[];
  clusterIP: string | undefined;
  servicePort: number | undefined;
  /** Ready endpoint addresses of the Service (from its EndpointSlices). */
  readyEndpoints: string[];
  deployment: { desired: number; ready: number; available: number; updated: number } | undefined;
}

interface PodView extends KubeObject {
  status?: {
    phase?: string;
    podIP?: string;
    conditions?: { type: string; status: string }[];
    containerStatuses?: { restartCount?: number }[];
  };
}

export async function readSeedState(client: KubeClient): Promise<SeedState> {
  const ns = seed.namespace;
  const [pods, svc, slices, deploy] = await Promise.all([
    client.resource<PodView>({ group: '', version: 'v1', resource: 'pods' }, ns).list({ labelSelector: seed.selector }),
    client
      .resource({ group: '', version: 'v1', resource: 'services' }, ns)
      .get(seed.service)
      .catch(() => undefined),
    client
      .resource({ group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' }, ns)
      .list({ labelSelector: `kubernetes.io/service-name=${seed.service}` }),
    client
      .resource({ group: 'apps', version: 'v1', resource: 'deployments' }, ns)
      .get(seed.deployment)
      .catch(() => undefined),
  ]);
  const spec = svc?.spec as { clusterIP?: string; ports?: { port: number }[] } | undefined;
  const readyEndpoints = slices.items.flatMap((s) =>
    ((s as { endpoints?: { addresses: string[]; conditions?: { ready?: boolean } }[] }).endpoints ?? [])
      .filter((e) => e.conditions?.ready !== false)
      .flatMap((e) => e.addresses),
  );
  const dSpec = deploy?.spec as { replicas?: number } | undefined;
  const dStatus = deploy?.status as
    | { readyReplicas?: number; availableReplicas?: number; updatedReplicas?: number }
    | undefined;
  return {
    pods: pods.items
      .map((p) => ({
        name: p.metadata.name ?? '',
        ip: p.status?.podIP ?? '',
        ready: p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
        phase: p.status?.phase ?? 'Pending',
        restarts: (p.status?.containerStatuses ?? []).reduce((n, c) => n + (c.restartCount ?? 0), 0),
        created: p.metadata.creationTimestamp ?? '',
        terminating: Boolean(p.metadata.deletionTimestamp),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    clusterIP: spec?.clusterIP,
    servicePort: spec?.ports?.[0]?.port,
    readyEndpoints: readyEndpoints.sort(),
    deployment: deploy
      ? {
          desired: dSpec?.replicas ?? 1,
          ready: dStatus?.readyReplicas ?? 0,
          available: dStatus?.availableReplicas ?? 0,
          updated: dStatus?.updatedReplicas ?? 0,
        }
      : undefined,
  };
}
