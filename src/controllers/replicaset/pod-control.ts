/**
 * The ReplicaSet controller's writes to pods, with their Events (k/k `RealPodControl`): create from the
 * template, delete with the default grace period, patch owner references.
 */
import { StatusError } from '../../api/status-error.js';
import type { EventRecorder } from '../../client/framework-types.js';
import type { KubeClient } from '../../client/types.js';
import { podFromTemplate } from './pod-template.js';
import { podsResource } from './resources.js';
import { type PodObject, type ReplicaSetObject, replicaSetApiVersion, replicaSetKind } from './types.js';

/** The reason of the Status cause a create in a terminating namespace fails with. */
export const namespaceTerminatingCause = 'NamespaceTerminating';

export function isNotFound(err: unknown): boolean {
  return err instanceof StatusError && err.reason === 'NotFound';
}

/** True when `err` is a create refused because the namespace is being deleted. */
export function isNamespaceTerminating(err: unknown): boolean {
  return err instanceof StatusError && (err.details?.causes ?? []).some((c) => c.reason === namespaceTerminatingCause);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Events name their object by kind and apiVersion, which cached list items may lack. */
function withKind(rs: ReplicaSetObject): ReplicaSetObject {
  return { ...rs, apiVersion: replicaSetApiVersion, kind: replicaSetKind };
}

export class PodControl {
  constructor(
    private readonly client: KubeClient,
    private readonly recorder: EventRecorder,
  ) {}

  /** Creates one pod for `rs`; records SuccessfulCreate, or FailedCreate unless the namespace is terminating. */
  async createPod(rs: ReplicaSetObject): Promise<PodObject> {
    const pod = podFromTemplate(rs);
    if (Object.keys(pod.metadata.labels ?? {}).length === 0) throw new Error('unable to create pods, no labels');
    const pods = this.client.resource<PodObject>(podsResource, pod.metadata.namespace ?? '');
    let created: PodObject;
    try {
      created = await pods.create(pod);
    } catch (err) {
      if (!isNamespaceTerminating(err))
        this.recorder.event(withKind(rs), 'Warning', 'FailedCreate', `Error creating: ${messageOf(err)}`);
      throw err;
    }
    this.recorder.event(withKind(rs), 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name ?? ''}`);
    return created;
  }

  /**
   * Deletes a pod with the default grace period; records SuccessfulDelete or FailedDelete. A pod already gone
   * rejects with the NotFound error and records nothing.
   */
  async deletePod(rs: ReplicaSetObject, namespace: string, name: string): Promise<void> {
    try {
      await this.client.resource(podsResource, namespace).delete(name);
    } catch (err) {
      if (isNotFound(err)) throw err;
      this.recorder.event(withKind(rs), 'Warning', 'FailedDelete', `Error deleting: ${messageOf(err)}`);
      throw new Error(`unable to delete pods: ${messageOf(err)}`, { cause: err });
    }
    this.recorder.event(withKind(rs), 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`);
  }

  /** A strategic merge patch of a pod (adoption and release). */
  async patchPod(namespace: string, name: string, patch: object): Promise<void> {
    await this.client.resource(podsResource, namespace).patch(name, 'strategic', patch);
  }
}
