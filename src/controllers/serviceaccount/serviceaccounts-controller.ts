/**
 * The serviceaccounts controller (kube-controller-manager's `serviceaccount`): every active namespace has the
 * ServiceAccounts to ensure (`default`); one deleted is made again.
 */
import type { KubeObject } from '../../api/object.js';
import { StatusError } from '../../api/status-error.js';
import { runWorkers } from '../../client/controller-runner.js';
import type { Controller, ControllerContext } from '../../client/framework-types.js';
import { createWorkQueue } from '../../client/workqueue.js';

export interface ServiceAccountControllerOptions {
  /** Names of the ServiceAccounts every namespace gets (upstream `ServiceAccountsToEnsure`). */
  serviceAccounts?: readonly string[];
  workers?: number;
}

type NamespaceObject = KubeObject & { status?: { phase?: string } };

const namespacesGvr = { group: '', version: 'v1', resource: 'namespaces' };
const serviceAccountsGvr = { group: '', version: 'v1', resource: 'serviceaccounts' };

/** A create refused because the namespace is being deleted: nothing to ensure any more. */
function namespaceTerminating(err: unknown): boolean {
  return err instanceof StatusError && (err.details?.causes ?? []).some((c) => c.reason === 'NamespaceTerminating');
}

/** The ServiceAccounts `namespace` lacks, given the names cached (`namespace/name`). */
export function missingServiceAccounts(
  namespace: NamespaceObject | undefined,
  wanted: readonly string[],
  exists: (key: string) => boolean,
): string[] {
  if (namespace?.status?.phase !== 'Active') return [];
  const ns = namespace.metadata.name ?? '';
  return wanted.filter((name) => !exists(`${ns}/${name}`));
}

export function serviceAccountControllerWith(options: ServiceAccountControllerOptions = {}): Controller {
  const wanted = options.serviceAccounts ?? ['default'];
  return async function serviceAccountController(ctx: ControllerContext): Promise<void> {
    const queue = createWorkQueue();
    const namespaces = ctx.informers.informer<NamespaceObject>(namespacesGvr);
    const serviceAccounts = ctx.informers.informer(serviceAccountsGvr);
    const client = ctx.client.withFieldManager('kube-controller-manager');
    namespaces.addHandlers({
      add: (ns) => queue.add(ns.metadata.name ?? ''),
      update: (_old, ns) => queue.add(ns.metadata.name ?? ''),
    });
    serviceAccounts.addHandlers({
      delete: (sa) => {
        if (wanted.includes(sa.metadata.name ?? '')) queue.add(sa.metadata.namespace ?? '');
      },
    });
    const reconcile = async (name: string) => {
      const missing = missingServiceAccounts(namespaces.get(name), wanted, (key) => !!serviceAccounts.get(key));
      const failures: string[] = [];
      for (const sa of missing) {
        try {
          await client
            .resource(serviceAccountsGvr, name)
            .create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: sa, namespace: name } });
        } catch (err) {
          if (err instanceof StatusError && err.reason === 'AlreadyExists') continue;
          if (namespaceTerminating(err)) continue;
          failures.push(err instanceof Error ? err.message : String(err));
        }
      }
      if (failures.length > 0) throw new Error(failures.join(', '));
    };
    await Promise.all([namespaces.waitForSync(ctx.signal), serviceAccounts.waitForSync(ctx.signal)]);
    void runWorkers({
      name: 'serviceaccount',
      queue,
      workers: options.workers ?? 1,
      reconcile,
      signal: ctx.signal,
      log: ctx.log,
    });
  };
}

/** Ensures the `default` ServiceAccount in every namespace. */
export const serviceAccountController: Controller = serviceAccountControllerWith();
