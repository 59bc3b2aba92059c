/**
 * The kubectl command equivalent to each action and view, shown beside it (the server's kubectl-commands.ts
 * answers actions with the same texts; the browser test checks that they agree).
 */

const kinds = {
  pods: 'pod',
  services: 'service',
  endpointslices: 'endpointslice',
  deployments: 'deployment',
  replicasets: 'replicaset',
  ingresses: 'ingress',
  namespaces: 'namespace',
};

const ns = (namespace) => (namespace ? ` -n ${namespace}` : '');

export const kubectl = {
  deletePod: (namespace, name) => `kubectl delete pod ${name}${ns(namespace)}`,
  scale: (namespace, name, replicas) => `kubectl scale deployment/${name} --replicas=${replicas}${ns(namespace)}`,
  restart: (namespace, name) => `kubectl rollout restart deployment/${name}${ns(namespace)}`,
  getYaml: (resource, namespace, name) =>
    `kubectl get ${kinds[resource] ?? resource} ${name}${resource === 'namespaces' ? '' : ns(namespace)} -o yaml`,
  events: (resource, namespace, name) => `kubectl events --for ${kinds[resource] ?? resource}/${name}${ns(namespace)}`,
  namespaceEvents: (namespace) => `kubectl events${ns(namespace)}`,
  logs: (namespace, name, tail) => `kubectl logs ${name}${ns(namespace)} --tail=${tail}`,
  endpoints: (namespace, service) =>
    `kubectl get endpointslices -l kubernetes.io/service-name=${service}${ns(namespace)}`,
  getAll: (namespace) => `kubectl get ingress,service,pods,replicasets,deployments -o wide${ns(namespace)}`,
};
