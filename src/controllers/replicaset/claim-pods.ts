/**
 * Claims the pods of a ReplicaSet through the API (k/k `PodControllerRefManager.ClaimPods`): keeps its own,
 * adopts matching orphans after checking with a fresh GET that the ReplicaSet still exists and is not being
 * deleted (`RecheckDeletionTimestamp`), releases its pods that stopped matching.
 */
import type { LabelSelectorMatcher } from '../../api/labels/index.js';
import { StatusError } from '../../api/status-error.js';
import type { KubeClient } from '../../client/types.js';
import { adoptPatch, claimDecision, releasePatch } from './claim.js';
import { isNotFound, type PodControl } from './pod-control.js';
import { replicaSetsResource } from './resources.js';
import type { PodObject, ReplicaSetObject } from './types.js';

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** `utilerrors.NewAggregate(...).Error()`: one message, or `[a, b]`. */
export function aggregateError(errors: readonly unknown[]): Error | undefined {
  if (errors.length === 0) return undefined;
  if (errors.length === 1) return errors[0] instanceof Error ? errors[0] : new Error(messageOf(errors[0]));
  return new Error(`[${errors.map(messageOf).join(', ')}]`);
}

/** Fails unless the ReplicaSet, read fresh from the API, is the same object and is not being deleted. */
async function recheckReplicaSet(client: KubeClient, rs: ReplicaSetObject): Promise<void> {
  const { namespace = '', name = '', uid } = rs.metadata;
  let fresh: ReplicaSetObject;
  try {
    fresh = await client.resource<ReplicaSetObject>(replicaSetsResource, namespace).get(name);
    if (fresh.metadata.uid !== uid) {
      throw new Error(
        `original ReplicaSet ${namespace}/${name} is gone: got uid ${fresh.metadata.uid ?? ''}, wanted ${uid ?? ''}`,
      );
    }
  } catch (err) {
    throw new Error(`can't recheck DeletionTimestamp: ${messageOf(err)}`, { cause: err });
  }
  if (fresh.metadata.deletionTimestamp) {
    throw new Error(`${namespace}/${name} has just been deleted at ${fresh.metadata.deletionTimestamp}`);
  }
}

/**
 * The pods among `pods` (active pods of the namespace) that `rs` controls after adoption and release. Pods
 * that could not be adopted or released are reported together, after every pod was tried.
 */
export async function claimPods(
  client: KubeClient,
  podControl: PodControl,
  rs: ReplicaSetObject,
  selector: LabelSelectorMatcher,
  pods: readonly PodObject[],
): Promise<PodObject[]> {
  let canAdopt: Promise<void> | undefined;
  const claimed: PodObject[] = [];
  const errors: unknown[] = [];
  for (const pod of pods) {
    const { namespace = '', name = '', uid = '' } = pod.metadata;
    const decision = claimDecision(rs, selector, pod);
    try {
      if (decision === 'keep') {
        claimed.push(pod);
      } else if (decision === 'adopt') {
        canAdopt ??= recheckReplicaSet(client, rs);
        await canAdopt.catch((err: unknown) => {
          throw new Error(`can't adopt Pod ${namespace}/${name} (${uid}): ${messageOf(err)}`, { cause: err });
        });
        await podControl.patchPod(namespace, name, adoptPatch(rs, pod));
        claimed.push(pod);
      } else if (decision === 'release') {
        await podControl.patchPod(namespace, name, releasePatch(rs, pod)).catch((err: unknown) => {
          // Gone, or replaced by a pod of the same name (uid mismatch): nothing to release.
          if (!(err instanceof StatusError && err.reason === 'Invalid')) throw err;
        });
      }
    } catch (err) {
      if (!isNotFound(err)) errors.push(err);
    }
  }
  const err = aggregateError(errors);
  if (err) throw err;
  return claimed;
}
