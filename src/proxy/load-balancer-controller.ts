/**
 * The load-balancer side of a cloud controller for `type: LoadBalancer` Services without a
 * `loadBalancerClass`: assigns each an address from 127.240.0.0/16 and writes it to
 * `status.loadBalancer.ingress[{ip, ipMode: VIP}]` through `services/status`; the proxy then serves the Service
 * there. A Service that stops being a LoadBalancer has the address taken back.
 */
import type { EventRecorder, Informer, Logger } from '../client/framework-types.js';
import { createWorkQueue, runWorkers } from '../client/index.js';
import type { KubeClient } from '../client/types.js';
import { gvrServices, objectKey, type Service } from './kinds.js';
import { allocateLoadBalancerIP, inLoadBalancerRange } from './load-balancer-ips.js';

/** The field manager of the status writes. */
export const loadBalancerFieldManager = 'kubeling-service-lb';

export interface LoadBalancerControllerDeps {
  client: KubeClient;
  services: Informer<Service>;
  recorder: EventRecorder;
  log: Logger;
  signal: AbortSignal;
}

const ours = (svc: Service) => svc.spec?.type === 'LoadBalancer' && !svc.spec.loadBalancerClass;
const ourIngressIPs = (svc: Service) =>
  (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip).filter(inLoadBalancerRange);

export function startLoadBalancerController(deps: LoadBalancerControllerDeps): void {
  const client = deps.client.withFieldManager(loadBalancerFieldManager);
  const queue = createWorkQueue();
  // Addresses handed out whose status write the informer may not have delivered yet.
  const assigned = new Map<string, string>();
  const enqueue = (svc: Service) => {
    if (ours(svc) || ourIngressIPs(svc).length > 0) queue.add(objectKey(svc));
  };
  deps.services.addHandlers({
    add: enqueue,
    update: (_old, svc) => enqueue(svc),
    delete: (svc) => assigned.delete(objectKey(svc)),
  });

  const usedByOthers = (key: string) => {
    const used = new Set<string>();
    for (const svc of deps.services.list())
      if (objectKey(svc) !== key) for (const ip of ourIngressIPs(svc)) used.add(ip);
    for (const [k, ip] of assigned) if (k !== key) used.add(ip);
    return used;
  };

  const reconcile = async (key: string) => {
    const svc = deps.services.get(key);
    if (!svc) {
      assigned.delete(key);
      return;
    }
    const status = client.resource<Service>(gvrServices, svc.metadata.namespace ?? '');
    const name = svc.metadata.name ?? '';
    const ingress = svc.status?.loadBalancer?.ingress ?? [];
    const have = ourIngressIPs(svc);
    if (!ours(svc)) {
      assigned.delete(key);
      if (have.length === 0) return;
      await status.patch(
        name,
        'merge',
        { metadata: { resourceVersion: svc.metadata.resourceVersion }, status: { loadBalancer: { ingress: null } } },
        { subresource: 'status' },
      );
      return;
    }
    const requested = svc.spec?.loadBalancerIP || undefined;
    let ip = have[0];
    if (requested && ip !== requested) ip = undefined;
    if (!ip) {
      const allocation = allocateLoadBalancerIP(usedByOthers(key), requested);
      if ('error' in allocation) {
        deps.recorder.event(
          svc,
          'Warning',
          'AllocationFailed',
          `Failed to allocate IP for "${key}": ${allocation.error}`,
        );
        return;
      }
      ip = allocation.ip;
    }
    assigned.set(key, ip);
    const first = ingress[0];
    if (ingress.length === 1 && first?.ip === ip && first.ipMode === 'VIP') return;
    await status.patch(
      name,
      'merge',
      {
        metadata: { resourceVersion: svc.metadata.resourceVersion },
        status: { loadBalancer: { ingress: [{ ip, ipMode: 'VIP' }] } },
      },
      { subresource: 'status' },
    );
    if (!have.includes(ip)) deps.recorder.event(svc, 'Normal', 'IPAllocated', `Assigned IP ["${ip}"]`);
  };

  void runWorkers({ name: 'service-lb', queue, workers: 1, reconcile, signal: deps.signal, log: deps.log });
}
