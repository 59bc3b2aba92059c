/** The garbage collector's API calls on an object named by its identity (upstream `operations.go`, `patch.go`). */
import type { KubeObject } from '../../api/object.js';
import { isConflict, isNotFound } from '../../client/status-decode.js';
import type { KubeClient, ResourceClient } from '../../client/types.js';
import { type DeletionPolicy, removeFinalizerPatch } from './deletion-decision.js';
import { gvrOf, resourceForKind } from './monitored-resources.js';
import { formatIdentity, type ObjectIdentity } from './object-identity.js';

/** The reference names an apiVersion/kind this server does not serve (retried: upstream `restMappingError`). */
export class RestMappingError extends Error {
  constructor(apiVersion: string, kind: string) {
    super(`unable to get REST mapping for ${apiVersion}/${kind}`);
    this.name = 'RestMappingError';
  }
}

/** Retries of a finalizer removal that lost a race (client-go's `retry.DefaultBackoff` steps). */
const finalizerUpdateAttempts = 4;

export class CollectorOperations {
  constructor(private readonly client: KubeClient) {}

  /** The resource's client for an apiVersion/kind, in `namespace` when the resource is namespaced. */
  resourceClient(apiVersion: string, kind: string, namespace: string): { client: ResourceClient; namespaced: boolean } {
    const info = resourceForKind(apiVersion, kind);
    if (!info) throw new RestMappingError(apiVersion, kind);
    return { client: this.client.resource(gvrOf(info), info.namespaced ? namespace : ''), namespaced: info.namespaced };
  }

  getObject(id: ObjectIdentity): Promise<KubeObject> {
    return this.resourceClient(id.apiVersion, id.kind, id.namespace).client.get(id.name);
  }

  /** Deletes the object only if it still has this uid. */
  async deleteObject(id: ObjectIdentity, policy: DeletionPolicy): Promise<void> {
    await this.resourceClient(id.apiVersion, id.kind, id.namespace).client.delete(id.name, {
      preconditions: { uid: id.uid },
      propagationPolicy: policy,
    });
  }

  async patchObject(id: ObjectIdentity, patch: unknown): Promise<void> {
    await this.resourceClient(id.apiVersion, id.kind, id.namespace).client.patch(id.name, 'strategic', patch);
  }

  /** Removes one finalizer, re-reading on conflicts; nothing to do when the object or the finalizer is gone. */
  async removeFinalizer(id: ObjectIdentity, finalizer: string): Promise<void> {
    const { client } = this.resourceClient(id.apiVersion, id.kind, id.namespace);
    for (let attempt = 0; attempt < finalizerUpdateAttempts; attempt++) {
      let current: KubeObject;
      try {
        current = await client.get(id.name);
      } catch (err) {
        if (isNotFound(err)) return;
        throw err;
      }
      if (current.metadata.uid !== id.uid) return;
      const patch = removeFinalizerPatch(current, finalizer);
      if (patch === undefined) return;
      try {
        await client.patch(id.name, 'merge', patch);
        return;
      } catch (err) {
        if (isNotFound(err)) return;
        if (!isConflict(err)) throw err;
      }
    }
    throw new Error(
      `updateMaxRetries(${finalizerUpdateAttempts}) has reached. The garbage collector will retry later for owner ${formatIdentity(id)}`,
    );
  }
}
