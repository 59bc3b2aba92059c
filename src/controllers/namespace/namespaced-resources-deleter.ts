/**
 * Empties a terminating namespace and then finalizes it (upstream `NamespacedResourcesDeleter`): marks it
 * Terminating, deletes the content of every namespaced resource (deletecollection, else one by one; Background
 * propagation), records what is left in the status conditions, and once nothing is left removes `kubernetes`
 * from `spec.finalizers` through the `finalize` subresource. The API server deletes the namespace when its
 * finalizers are all gone.
 */
import type { NamespaceCondition, NamespaceSpec, NamespaceStatus } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../api/object.js';
import { type ResourceInfo, resources } from '../../api/registry.js';
import { StatusError } from '../../api/status-error.js';
import type { Logger } from '../../client/framework-types.js';
import { resourcePath } from '../../client/resource-path.js';
import { isConflict, isNotFound, statusErrorFromStatus } from '../../client/status-decode.js';
import type { GroupVersionResource, KubeClient, ResourceClient } from '../../client/types.js';
import { finalizersAfterFinalize, podGraceEstimate, type ResourceRemainder, remainderOf } from './content-estimate.js';
import { type DeletionFindings, failingConditions, updateConditions } from './namespace-conditions.js';

export type NamespaceObject = KubeObject & { spec?: NamespaceSpec; status?: NamespaceStatus };

/** Content is still going away; look again in a while (upstream `ResourcesRemainingError`). */
export class ResourcesRemainingError extends Error {
  constructor(readonly estimate: number) {
    super(`some content remains in the namespace, estimate ${estimate} seconds before it is removed`);
    this.name = 'ResourcesRemainingError';
  }
}

const namespacesGvr: GroupVersionResource = { group: '', version: 'v1', resource: 'namespaces' };
const maxConflictRetries = 5;

/** Namespaced resources that can be deleted (upstream discovers them; here the registry is the API). */
export function deletableNamespacedResources(): ResourceInfo[] {
  return resources.filter((r) => r.namespaced && r.verbs.includes('delete') && r.verbs.includes('list'));
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Go's `GroupVersionResource.String()`. */
function gvrString(info: ResourceInfo): string {
  return `${info.group}/${info.version}, Resource=${info.resource}`;
}

/** RFC 3339 with seconds, as metav1.Time. */
export function wireTime(d: Date): string {
  return d.toISOString().replace(/\.\d+Z$/, 'Z');
}

export interface DeleterOptions {
  client: KubeClient;
  now: () => Date;
  log: Logger;
  /** The resources to empty; defaults to every deletable namespaced resource of the registry. */
  resources?: () => ResourceInfo[];
}

export class NamespacedResourcesDeleter {
  private readonly client: KubeClient;
  private readonly namespaces: ResourceClient<NamespaceObject>;

  constructor(private readonly options: DeleterOptions) {
    this.client = options.client;
    this.namespaces = this.client.resource<NamespaceObject>(namespacesGvr);
  }

  /**
   * One pass over a namespace. Resolves when there is nothing (more) to do; rejects with
   * ResourcesRemainingError while content is going away, or with the errors met.
   */
  async delete(name: string): Promise<void> {
    let ns: NamespaceObject;
    try {
      ns = await this.namespaces.get(name);
      if (!ns.metadata.deletionTimestamp) return;
      ns = await this.retryOnConflict(ns, (n) => this.markTerminating(n));
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    if (!ns.metadata.deletionTimestamp || (ns.spec?.finalizers ?? []).length === 0) return;
    const { estimate, namespace } = await this.deleteAllContent(ns);
    if (estimate > 0) throw new ResourcesRemainingError(estimate);
    ns = namespace;
    try {
      await this.retryOnConflict(ns, (n) => this.finalize(n));
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  private async retryOnConflict(
    ns: NamespaceObject,
    fn: (ns: NamespaceObject) => Promise<NamespaceObject>,
  ): Promise<NamespaceObject> {
    let latest = ns;
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn(latest);
      } catch (err) {
        if (!isConflict(err) || attempt >= maxConflictRetries) throw err;
      }
      const previous = latest;
      latest = await this.namespaces.get(previous.metadata.name ?? '');
      if (latest.metadata.uid !== previous.metadata.uid) throw new Error('namespace uid has changed across retries');
    }
  }

  private async markTerminating(ns: NamespaceObject): Promise<NamespaceObject> {
    if (!ns.metadata.deletionTimestamp || ns.status?.phase === 'Terminating') return ns;
    return this.namespaces.updateStatus({ ...ns, status: { ...ns.status, phase: 'Terminating' } });
  }

  private finalize(ns: NamespaceObject): Promise<NamespaceObject> {
    const finalizers = finalizersAfterFinalize(ns.spec?.finalizers ?? []);
    const body = { apiVersion: 'v1', kind: 'Namespace', ...ns, spec: { ...ns.spec, finalizers } };
    return this.namespaces.subresource<NamespaceObject>(ns.metadata.name ?? '', 'finalize', 'PUT', body);
  }

  /**
   * Deletes everything in the namespace; returns the seconds the rest may still take (0: all gone) and the
   * namespace as last written.
   */
  private async deleteAllContent(ns: NamespaceObject): Promise<{ estimate: number; namespace: NamespaceObject }> {
    const name = ns.metadata.name ?? '';
    const deletedAt = new Date(ns.metadata.deletionTimestamp ?? 0);
    const infos = (this.options.resources ?? deletableNamespacedResources)();
    const results = await Promise.all(infos.map((info) => this.deleteContentOf(info, name, deletedAt)));
    const findings: DeletionFindings = {
      contentErrors: [],
      remainingByResource: new Map(),
      remainingByFinalizer: new Map(),
    };
    let estimate = 0;
    results.forEach(({ remainder, error }, i) => {
      const info = infos[i] as ResourceInfo;
      if (error !== undefined) findings.contentErrors.push(error);
      estimate = Math.max(estimate, remainder.estimateSeconds);
      if (remainder.remaining === 0) return;
      findings.remainingByResource.set(`${info.resource}.${info.group}`, remainder.remaining);
      for (const [f, n] of remainder.finalizers) {
        findings.remainingByFinalizer.set(f, (findings.remainingByFinalizer.get(f) ?? 0) + n);
      }
    });
    const namespace = await this.updateConditions(ns, findings);
    const errors = [...new Set(findings.contentErrors)];
    if (errors.length === 1) throw new Error(errors[0]);
    if (errors.length > 1) throw new Error(`[${errors.join(', ')}]`);
    return { estimate, namespace };
  }

  /** Status conditions always reflect the latest pass, so a failure that cleared shows as cleared. */
  private async updateConditions(ns: NamespaceObject, findings: DeletionFindings): Promise<NamespaceObject> {
    const now = wireTime(this.options.now());
    const current: NamespaceCondition[] = ns.status?.conditions ?? [];
    const { conditions, changed } = updateConditions(current, failingConditions(findings, now), now);
    if (!changed) return ns;
    try {
      return await this.namespaces.updateStatus({ ...ns, status: { ...ns.status, conditions } });
    } catch (err) {
      this.options.log.error("couldn't update status condition for namespace", { namespace: ns.metadata.name, err });
      return ns;
    }
  }

  private async deleteContentOf(
    info: ResourceInfo,
    namespace: string,
    deletedAt: Date,
  ): Promise<{ remainder: ResourceRemainder; error?: string }> {
    const gvr = { group: info.group, version: info.version, resource: info.resource };
    const objects = this.client.resource(gvr, namespace);
    let estimate = 0;
    const failed = (err: unknown) => ({
      remainder: { estimateSeconds: estimate, remaining: 0, finalizers: new Map<string, number>(), unexpected: false },
      error: message(err),
    });
    try {
      if (info.group === '' && info.resource === 'pods') {
        estimate = podGraceEstimate((await objects.list()).items, deletedAt, this.options.now());
      }
      const collectionDeleted =
        info.verbs.includes('deletecollection') && (await this.deleteCollection(gvr, namespace));
      if (!collectionDeleted) await this.deleteEachItem(objects);
      const remainder = remainderOf((await objects.list()).items, estimate);
      if (!remainder.unexpected) return { remainder };
      return {
        remainder,
        error: `unexpected items still remain in namespace: ${namespace} for gvr: ${gvrString(info)}`,
      };
    } catch (err) {
      return failed(err);
    }
  }

  /** True when the server deleted the collection; false when it does not support deletecollection. */
  private async deleteCollection(gvr: GroupVersionResource, namespace: string): Promise<boolean> {
    // Background: the namespace controller purges everything itself, it wants no orphan finalizers.
    const options = { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' };
    const res = await this.client.raw('DELETE', resourcePath(gvr, namespace), options);
    if (res.status >= 200 && res.status < 300) return true;
    if (res.status === 404 || res.status === 405) return false;
    throw statusErrorFromStatus(res.body, res.status);
  }

  private async deleteEachItem(objects: ResourceClient): Promise<void> {
    for (const item of (await objects.list()).items) {
      try {
        await objects.delete(item.metadata.name ?? '', { propagationPolicy: 'Background' });
      } catch (err) {
        if (isNotFound(err) || (err instanceof StatusError && err.reason === 'MethodNotAllowed')) continue;
        throw err;
      }
    }
  }
}
