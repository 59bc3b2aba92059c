/**
 * A pod's "sandbox" on this machine: its directory `<dataDir>/pods/<uid>`, its volumes (refreshed on later
 * calls) and its IP. A volume that cannot be set up yet (a missing ConfigMap) is reported with a FailedMount
 * event and retried with a backoff; the pod has no IP until its volumes are ready, as with the kubelet. A `hostNetwork` pod uses the node's
 * address.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type AgentContext, type PodObject, podEvent } from './agent-context.js';
import type { PodSandbox } from './container-start.js';
import { hostIP } from './pod-status.js';
import { setUpVolumes, VolumeSetupError } from './volumes/pod-volumes.js';

export type SandboxOutcome = { ok: true; sandbox: PodSandbox } | { ok: false; retryAt: number };

export function podDirOf(ctx: AgentContext, uid: string): string {
  return join(ctx.dataDir, 'pods', uid);
}

/** The kubelet retries volume set-up with a backoff: 0.5 s doubling up to 2 min 2 s. */
const mountRetryMs = (failures: number) => Math.min(500 * 2 ** failures, 122_000);

/** Sets the sandbox up (after `failures` failed attempts), or refreshes `existing`'s volumes. */
export async function setUpSandbox(
  ctx: AgentContext,
  pod: PodObject,
  failures: number,
  existing?: PodSandbox,
): Promise<SandboxOutcome> {
  const uid = pod.metadata.uid ?? '';
  const podDir = podDirOf(ctx, uid);
  await mkdir(join(podDir, 'containers'), { recursive: true });
  let volumePaths: Map<string, string>;
  try {
    volumePaths = await setUpVolumes(podDir, {
      pod,
      addresses: { podIP: existing?.podIP ?? '', hostIP },
      nodeAllocatable: ctx.nodeAllocatable(),
      sources: ctx.envSources,
    });
  } catch (err) {
    if (!(err instanceof VolumeSetupError)) throw err;
    if (!existing) podEvent(ctx, pod, 'Warning', 'FailedMount', err.message);
    return { ok: false, retryAt: Date.now() + mountRetryMs(failures) };
  }
  // hostNetwork pods share the node's address.
  const podIP = existing?.podIP ?? (pod.spec?.hostNetwork ? hostIP : ctx.ips.allocate(uid, pod.status?.podIP));
  return { ok: true, sandbox: { podIP, podDir, volumePaths } };
}

/** Removes the pod's directory (volumes and container directories). */
export async function removePodDir(ctx: AgentContext, uid: string): Promise<void> {
  await rm(podDirOf(ctx, uid), { recursive: true, force: true });
}
