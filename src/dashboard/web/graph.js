/**
 * The seed's architecture as a graph, from one namespace's objects: Ingress → Service (routes), Service → Pod
 * (its label selector; an endpoint when the pod is ready in the Service's EndpointSlices), and the ownership
 * chain Deployment → ReplicaSet → Pod (ownerReferences). Nodes come out in drawing order.
 */
import { ingressRules, ownerName, revision, selects } from './format.js';

const byName = (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** The Service names an Ingress sends to (rules and default backend). */
export function ingressBackends(ing) {
  const names = new Set();
  const add = (b) => b?.service?.name && names.add(b.service.name);
  add(ing.spec?.defaultBackend);
  for (const rule of ing.spec?.rules ?? []) for (const p of rule.http?.paths ?? []) add(p.backend);
  return [...names];
}

/** Every endpoint of each Service: `{ip, podName, ready}` by Service name (EndpointSlice `ready` unset = ready). */
export function endpointsByService(slices) {
  const out = new Map();
  for (const slice of slices) {
    const service = slice.metadata.labels?.['kubernetes.io/service-name'];
    if (!service) continue;
    const list = out.get(service) ?? [];
    for (const ep of slice.endpoints ?? []) {
      const podName = ep.targetRef?.kind === 'Pod' ? ep.targetRef.name : undefined;
      for (const ip of ep.addresses ?? []) list.push({ ip, podName, ready: ep.conditions?.ready !== false });
    }
    out.set(service, list);
  }
  for (const list of out.values()) list.sort((a, b) => (a.ip < b.ip ? -1 : 1));
  return out;
}

function node(resource, obj, extra = {}) {
  return { id: `${resource}/${obj.metadata.name}`, resource, name: obj.metadata.name, obj, ...extra };
}

export function buildGraph(state) {
  const o = state.objects;
  const deployments = [...o.deployments.values()].map((d) => node('deployments', d)).sort(byName);
  const deployOrder = new Map(deployments.map((d, i) => [d.name, i]));
  const replicaSets = [...o.replicasets.values()]
    .map((rs) => node('replicasets', rs, { owner: ownerName(rs, 'Deployment') }))
    .map((rs) => ({ ...rs, rank: [deployOrder.get(rs.owner) ?? 1e9, -Number(revision(rs.obj)) || 0, rs.name] }))
    .sort((a, b) => compareRank(a.rank, b.rank));
  const rsOrder = new Map(replicaSets.map((rs, i) => [rs.name, i]));
  const pods = [
    ...[...o.pods.values()].map((p) => node('pods', p, { leaving: false })),
    ...[...state.leaving.values()].map((l) => node('pods', l.object, { leaving: true })),
  ]
    .map((p) => ({ ...p, owner: ownerName(p.obj, 'ReplicaSet') }))
    .map((p) => ({ ...p, rank: [rsOrder.get(p.owner) ?? 1e9, p.obj.metadata.creationTimestamp ?? '', p.name] }))
    .sort((a, b) => compareRank(a.rank, b.rank));

  const endpoints = endpointsByService(o.endpointslices.values());
  const edges = [];
  const services = [...o.services.values()].map((svc) => {
    const eps = endpoints.get(svc.metadata.name) ?? [];
    const n = node('services', svc, { endpoints: eps });
    for (const p of pods) {
      if (p.leaving || !selects(svc.spec?.selector, p.obj.metadata.labels)) continue;
      const ip = p.obj.status?.podIP;
      const isEndpoint = eps.some((e) => e.ready && (e.podName === p.name || (ip && e.ip === ip)));
      edges.push({ id: `${n.id}>${p.id}`, from: n.id, to: p.id, type: isEndpoint ? 'endpoint' : 'selected' });
    }
    return n;
  });
  const serviceNames = new Set(services.map((s) => s.name));
  const ingresses = [...o.ingresses.values()].map((ing) => {
    const n = node('ingresses', ing, { backends: ingressBackends(ing), rules: ingressRules(ing) });
    for (const s of n.backends) {
      if (serviceNames.has(s))
        edges.push({ id: `${n.id}>services/${s}`, from: n.id, to: `services/${s}`, type: 'route' });
    }
    return n;
  });
  for (const rs of replicaSets) {
    if (rs.owner && deployOrder.has(rs.owner)) {
      edges.push({ id: `deployments/${rs.owner}>${rs.id}`, from: `deployments/${rs.owner}`, to: rs.id, type: 'owns' });
    }
  }
  for (const p of pods) {
    if (!p.leaving && p.owner && rsOrder.has(p.owner)) {
      edges.push({ id: `replicasets/${p.owner}>${p.id}`, from: `replicasets/${p.owner}`, to: p.id, type: 'owns' });
    }
  }
  return { ingresses: ingresses.sort(byName), services: services.sort(byName), pods, replicaSets, deployments, edges };
}

function compareRank(a, b) {
  for (let i = 0; i < a.length; i++) {
    if (a[i] < b[i]) return -1;
    if (a[i] > b[i]) return 1;
  }
  return 0;
}
