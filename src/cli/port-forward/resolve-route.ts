/**
 * Turns `TYPE/NAME` into a Route, reading the object once: a Service with a ClusterIP goes through the service
 * proxy; a headless Service, a Deployment or a ReplicaSet through a ready pod of its selector; a pod through
 * itself, and once it is gone through a pod with the same labels (its replacement).
 */
import type { Pod, Service } from 'kubernetes-types/core/v1.js';
import { labelSelectorFromObject, selectorFromSet } from '../../api/labels/index.js';
import type { KubeconfigAccess } from '../../client/kubeconfig-client.js';
import type { KubeClient } from '../../client/types.js';
import { CliError } from '../context.js';
import { podPort, siblingsSelector } from './pod-choice.js';
import type { PortMapping, Target } from './port-spec.js';
import { podRoute, type Route, servicePort, serviceRoute } from './routes.js';

const gvr = {
  pod: { group: '', version: 'v1', resource: 'pods' },
  service: { group: '', version: 'v1', resource: 'services' },
  deployment: { group: 'apps', version: 'v1', resource: 'deployments' },
  replicaset: { group: 'apps', version: 'v1', resource: 'replicasets' },
} as const;

const short = { pod: 'pod', service: 'svc', deployment: 'deploy', replicaset: 'rs' } as const;

/** The pod port a service port leads to (its targetPort: a number, or a container port name). */
function targetPort(service: Service, pod: Pod, remote: string): number | undefined {
  const port = (service.spec?.ports ?? []).find((p) => p.port === servicePort(service, remote));
  const target = port?.targetPort ?? port?.port;
  if (target === undefined) return undefined;
  return typeof target === 'number' ? target : podPort(pod, target);
}

export async function resolveRoute(
  client: KubeClient,
  access: KubeconfigAccess,
  namespace: string,
  target: Target,
  mappings: PortMapping[],
  notice: (line: string) => void,
): Promise<Route> {
  const object = (await client.resource(gvr[target.kind], namespace).get(target.name)) as unknown;
  const describe = `${short[target.kind]}/${target.name}`;
  switch (target.kind) {
    case 'service': {
      const service = object as Service;
      for (const m of mappings) {
        if (servicePort(service, m.remote) === undefined) {
          throw new CliError(`Service ${target.name} does not have a service port ${m.remote}`);
        }
      }
      const ip = service.spec?.clusterIP;
      if (ip && ip !== 'None') return serviceRoute(service);
      if (!service.spec?.selector)
        throw new CliError(`invalid service '${target.name}': Service is defined without a selector`);
      return podRoute(
        client,
        access,
        {
          namespace,
          describe,
          selector: selectorFromSet(service.spec.selector),
          portFor: (pod, remote) => targetPort(service, pod, remote),
        },
        notice,
      );
    }
    case 'pod': {
      const pod = object as Pod;
      const siblings = siblingsSelector(pod);
      return podRoute(
        client,
        access,
        { namespace, describe, initial: target.name, ...(siblings ? { selector: siblings } : { waitMs: 5000 }) },
        notice,
      );
    }
    default: {
      const workload = object as { spec?: { selector?: Parameters<typeof labelSelectorFromObject>[0] } };
      return podRoute(
        client,
        access,
        { namespace, describe, selector: labelSelectorFromObject(workload.spec?.selector) },
        notice,
      );
    }
  }
}
