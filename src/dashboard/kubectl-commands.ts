/**
 * The kubectl command equivalent to each thing the dashboard does or shows, so learners see the command they
 * would type. The web app formats the same texts (web/kubectl.js); the browser test checks that they agree.
 */

/** `pod`, `deployment`, ... as kubectl names the kind of a resource. */
export const kubectlKind: Record<string, string> = {
  pods: 'pod',
  services: 'service',
  endpointslices: 'endpointslice',
  deployments: 'deployment',
  replicasets: 'replicaset',
  ingresses: 'ingress',
  namespaces: 'namespace',
  events: 'event',
};

const ns = (namespace: string) => (namespace ? ` -n ${namespace}` : '');

export const kubectl = {
  deletePod: (namespace: string, name: string) => `kubectl delete pod ${name}${ns(namespace)}`,
  scale: (namespace: string, name: string, replicas: number) =>
    `kubectl scale deployment/${name} --replicas=${replicas}${ns(namespace)}`,
  restart: (namespace: string, name: string) => `kubectl rollout restart deployment/${name}${ns(namespace)}`,
  getYaml: (resource: string, namespace: string, name: string) =>
    `kubectl get ${kubectlKind[resource] ?? resource} ${name}${resource === 'namespaces' ? '' : ns(namespace)} -o yaml`,
  events: (resource: string, namespace: string, name: string) =>
    `kubectl events --for ${kubectlKind[resource] ?? resource}/${name}${ns(namespace)}`,
  logs: (namespace: string, name: string, tail: number) => `kubectl logs ${name}${ns(namespace)} --tail=${tail}`,
};
