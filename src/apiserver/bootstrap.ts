/**
 * What kube-apiserver creates and keeps at boot: the system namespaces, the `kubernetes` Service in `default`
 * (at the first ClusterIP, port 443) with Endpoints and an EndpointSlice pointing at the API server, and a
 * `default` ServiceAccount in every namespace.
 */
import type { KubeObject } from '../api/object.js';
import { StatusError } from '../api/status-error.js';
import { kubernetesServiceIP } from './admission/service-allocator.js';
import type { ApiHandler } from './api-handler.js';
import type { ResourceRegistry } from './generic-registry.js';
import { jsonEqual } from './object-codec.js';

export const systemNamespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
const manager = 'kube-apiserver';

async function ensure(registry: ResourceRegistry, namespace: string, obj: KubeObject): Promise<void> {
  if (await registry.tryGet(namespace, obj.metadata.name ?? '')) return;
  try {
    await registry.create(namespace, obj, { fieldManager: manager });
  } catch (err) {
    if (!(err instanceof StatusError && err.reason === 'AlreadyExists')) throw err;
  }
}

/** Creates or updates an object to match `desired` in the fields it sets (keeps everything else). */
async function reconcile(registry: ResourceRegistry, namespace: string, desired: KubeObject, fields: string[]) {
  const name = desired.metadata.name ?? '';
  const current = await registry.tryGet(namespace, name);
  if (!current) return ensure(registry, namespace, desired);
  if (fields.every((f) => jsonEqual(current[f], desired[f]))) return;
  await registry.guaranteedUpdate(namespace, name, (cur) => {
    if (!cur) throw new Error('vanished');
    for (const f of fields) cur[f] = desired[f];
    return cur;
  });
}

function need(handler: ApiHandler, group: string, resource: string): ResourceRegistry {
  const r = handler.registry(group, 'v1', resource);
  if (!r) throw new Error(`no registry for ${resource}`);
  return r;
}

export async function ensureDefaultServiceAccount(handler: ApiHandler, namespace: string): Promise<void> {
  await ensure(need(handler, '', 'serviceaccounts'), namespace, { metadata: { name: 'default' } });
}

export async function bootstrapCluster(handler: ApiHandler, apiHost: string, apiPort: number): Promise<void> {
  const namespaces = need(handler, '', 'namespaces');
  for (const ns of systemNamespaces) {
    await ensure(namespaces, '', { metadata: { name: ns } });
    await ensureDefaultServiceAccount(handler, ns);
  }
  const services = need(handler, '', 'services');
  const labels = { component: 'apiserver', provider: 'kubernetes' };
  await ensure(services, 'default', {
    metadata: { name: 'kubernetes', labels },
    spec: {
      type: 'ClusterIP',
      clusterIP: kubernetesServiceIP,
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: apiPort }],
      sessionAffinity: 'None',
    },
  });
  await reconcile(
    services,
    'default',
    {
      metadata: { name: 'kubernetes' },
      spec: {
        ...((await services.get('default', 'kubernetes')).spec as object),
        ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: apiPort }],
      },
    },
    ['spec'],
  );
  await reconcile(
    need(handler, '', 'endpoints'),
    'default',
    {
      metadata: { name: 'kubernetes', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
      subsets: [{ addresses: [{ ip: apiHost }], ports: [{ name: 'https', port: apiPort, protocol: 'TCP' }] }],
    },
    ['subsets'],
  );
  await reconcile(
    need(handler, 'discovery.k8s.io', 'endpointslices'),
    'default',
    {
      metadata: {
        name: 'kubernetes',
        labels: { 'kubernetes.io/service-name': 'kubernetes' },
      },
      addressType: 'IPv4',
      endpoints: [{ addresses: [apiHost], conditions: { ready: true } }],
      ports: [{ name: 'https', port: apiPort, protocol: 'TCP' }],
    },
    ['endpoints', 'ports'],
  );
}
