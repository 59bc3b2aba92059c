/** What the details panel reads: an object as `kubectl get -o yaml` prints it, and a pod's last log lines. */
import { stringify } from 'yaml';
import type { KubeObject } from '../api/object.js';
import { isJsonObject } from '../api/object.js';
import { resourcePath } from '../client/resource-path.js';
import type { KubeClient } from '../client/types.js';
import { dashboardResources, type ResourceName } from './cluster-mirror.js';
import { kubectl } from './kubectl-commands.js';

export interface ObjectYaml {
  yaml: string;
  kubectl: string;
}

export interface PodLogs {
  /** False when the API did not serve the logs (no node agent yet, pod not started): `message` says why. */
  available: boolean;
  text: string;
  message?: string;
  kubectl: string;
}

/** How many lines the details panel shows. */
export const logTailLines = 50;

/** The object read fresh from the API, as YAML with keys sorted and without managedFields (as kubectl shows it). */
export async function objectYaml(
  client: KubeClient,
  resource: ResourceName,
  namespace: string,
  name: string,
): Promise<ObjectYaml> {
  const obj = await client.resource(dashboardResources[resource], namespace).get(name);
  const { managedFields: _, ...metadata } = obj.metadata;
  const shown: KubeObject = { ...obj, metadata };
  return { yaml: stringify(shown, { sortMapEntries: true }), kubectl: kubectl.getYaml(resource, namespace, name) };
}

/** The last lines of a pod's log (`GET pods/<name>/log?tailLines=50`); a refusal is reported, not thrown. */
export async function podLogs(
  client: KubeClient,
  namespace: string,
  name: string,
  container?: string,
): Promise<PodLogs> {
  const query = new URLSearchParams({ tailLines: String(logTailLines) });
  if (container) query.set('container', container);
  const path = `${resourcePath(dashboardResources.pods, namespace, name, 'log')}?${query}`;
  const command = kubectl.logs(namespace, name, logTailLines) + (container ? ` -c ${container}` : '');
  const res = await client.raw('GET', path);
  if (res.status >= 200 && res.status < 300) {
    return {
      available: true,
      text: typeof res.body === 'string' ? res.body : JSON.stringify(res.body),
      kubectl: command,
    };
  }
  const reason =
    isJsonObject(res.body) && typeof res.body.message === 'string' ? res.body.message : `HTTP ${res.status}`;
  return {
    available: false,
    text: '',
    message: `The API server did not return logs (${res.status}): ${reason}`,
    kubectl: command,
  };
}
