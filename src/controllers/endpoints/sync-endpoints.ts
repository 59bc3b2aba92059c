/**
 * One sync of one Service's Endpoints (k/k `pkg/controller/endpoint/endpoints_controller.go` `syncService`):
 * delete them with the Service, skip Services without selector, else write what `endpointsChange` asks for.
 */
import { StatusError } from '../../api/status-error.js';
import type { EventRecorder, Informer } from '../../client/framework-types.js';
import { isConflict, isNotFound } from '../../client/status-decode.js';
import type { KubeClient } from '../../client/types.js';
import { type Endpoints, gvrEndpoints, type Pod, type Service } from '../endpointslice/kinds.js';
import { isControllerManagedService } from '../endpointslice/pod-endpoint.js';
import type { RecentWrites } from '../endpointslice/recent-writes.js';
import { podsForService } from '../endpointslice/sync-service.js';
import type { TriggerTimeTracker } from '../endpointslice/trigger-time-tracker.js';
import { endpointsChange } from './desired-endpoints.js';

/** The API server's own Service, whose Endpoints it maintains itself. */
export const apiServerServiceKey = 'default/kubernetes';

export interface EndpointsSyncDeps {
  /** Writes as field manager `endpoint-controller`. */
  client: KubeClient;
  services: Informer<Service>;
  pods: Informer<Pod>;
  endpoints: Informer<Endpoints>;
  recent: RecentWrites<Endpoints>;
  triggerTimes: TriggerTimeTracker;
  recorder: EventRecorder;
}

function isNamespaceTerminating(err: unknown): boolean {
  return err instanceof StatusError && (err.details?.causes ?? []).some((c) => c.reason === 'NamespaceTerminating');
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Brings the Endpoints of the Service `key` (`namespace/name`) up to date; throws to be retried. */
export async function syncEndpoints(deps: EndpointsSyncDeps, key: string): Promise<void> {
  if (key === apiServerServiceKey) return;
  const [namespace = '', name = ''] = key.split('/');
  const api = deps.client.resource<Endpoints>(gvrEndpoints, namespace);
  const service = deps.services.get(key);
  if (service === undefined) {
    // The Service is gone: so are its Endpoints.
    try {
      await api.delete(name);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    deps.triggerTimes.deleteService(namespace, name);
    return;
  }
  if (!isControllerManagedService(service)) return;

  const pods = podsForService(deps.pods, service);
  const triggerTime = deps.triggerTimes.compute(service, pods);
  const current = deps.recent.resolve(key, deps.endpoints.get(key));
  const change = endpointsChange({ service, pods, current, triggerTime });
  if (change === undefined) return;
  try {
    const written =
      change.action === 'create' ? await api.create(change.endpoints) : await api.update(change.endpoints);
    deps.recent.wrote(current, written);
  } catch (err) {
    // Creates keep failing in a namespace being deleted: drop the work.
    if (change.action === 'create' && isNamespaceTerminating(err)) return;
    if (!isConflict(err)) {
      const [reason, what] =
        change.action === 'create'
          ? ['FailedToCreateEndpoint', 'Failed to create endpoint for service']
          : ['FailedToUpdateEndpoint', 'Failed to update endpoint'];
      deps.recorder.event(change.endpoints, 'Warning', reason, `${what} ${key}: ${message(err)}`);
    }
    throw err;
  }
}
