/** The dashboard's actions, done through the API as kubectl does them, each answered with its kubectl command. */
import type { KubeObject } from '../api/object.js';
import { isJsonObject } from '../api/object.js';
import { badRequest } from '../api/status-error.js';
import type { KubeClient } from '../client/types.js';
import { dashboardResources } from './cluster-mirror.js';
import { kubectl } from './kubectl-commands.js';

export type DashboardAction =
  | { action: 'delete-pod'; namespace: string; name: string }
  | { action: 'scale'; namespace: string; name: string; replicas: number }
  | { action: 'restart'; namespace: string; name: string };

export interface ActionResult {
  /** The equivalent kubectl command. */
  kubectl: string;
  /** What happened, in kubectl's words (`pod "x" deleted`). */
  message: string;
}

/** The most replicas the dashboard asks for (a learner's typo should not start thousands of pods). */
export const maxReplicas = 200;

const dnsName = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** Checks a request body; throws a 400 `StatusError` naming what is wrong. */
export function parseAction(body: unknown): DashboardAction {
  if (!isJsonObject(body)) throw badRequest('the action must be a JSON object');
  const { action, namespace, name } = body;
  if (typeof namespace !== 'string' || !dnsName.test(namespace)) throw badRequest('namespace: a name is required');
  if (typeof name !== 'string' || !dnsName.test(name)) throw badRequest('name: an object name is required');
  if (action === 'delete-pod' || action === 'restart') return { action, namespace, name };
  if (action === 'scale') {
    const { replicas } = body;
    if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0 || replicas > maxReplicas) {
      throw badRequest(`replicas: an integer from 0 to ${maxReplicas} is required`);
    }
    return { action, namespace, name, replicas };
  }
  throw badRequest('action: one of delete-pod, scale, restart is required');
}

/** Does `action` through `client` (errors reject with the API's `StatusError`). */
export async function runAction(client: KubeClient, action: DashboardAction): Promise<ActionResult> {
  const { namespace, name } = action;
  if (action.action === 'delete-pod') {
    await client.resource(dashboardResources.pods, namespace).delete(name);
    return { kubectl: kubectl.deletePod(namespace, name), message: `pod "${name}" deleted` };
  }
  const deployments = client.resource<KubeObject & { spec?: { paused?: boolean } }>(
    dashboardResources.deployments,
    namespace,
  );
  if (action.action === 'scale') {
    await deployments.patch(name, 'merge', { spec: { replicas: action.replicas } }, { subresource: 'scale' });
    return { kubectl: kubectl.scale(namespace, name, action.replicas), message: `deployment.apps/${name} scaled` };
  }
  const current = await deployments.get(name);
  if (current.spec?.paused) {
    throw badRequest(`deployments.apps "${name}" can't restart paused deployment (run rollout resume first)`);
  }
  const restartedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const patch = {
    spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': restartedAt } } } },
  };
  await deployments.patch(name, 'strategic', patch);
  return { kubectl: kubectl.restart(namespace, name), message: `deployment.apps/${name} restarted` };
}
