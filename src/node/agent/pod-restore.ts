/**
 * The containers of a pod the agent takes on, from the status the pod already has. A pod seen for the first
 * time starts fresh; a pod that ran before (kubeling restarted: a node reboot for its pods) keeps its restart
 * counts and last terminations, containers that were running count as exited with code 255 and reason `Unknown`
 * (what containerd reports after a reboot) and run again as restarts, and init containers run again (a new
 * sandbox) unless the pod never restarts. A pod already Succeeded or Failed stays as it is.
 */
import type { Container, ContainerStatus } from 'kubernetes-types/core/v1.js';
import type { PodObject } from './agent-context.js';
import { ContainerRecord, wireTime } from './container-record.js';

export interface RestoredPod {
  init: ContainerRecord[];
  main: ContainerRecord[];
  /** The pod is already Succeeded or Failed: nothing runs again. */
  finished: boolean;
  /** Some container ran before this agent (the pod's sandbox changed). */
  ranBefore: boolean;
}

function restore(
  spec: Container,
  init: boolean,
  defaultReason: string,
  old: ContainerStatus | undefined,
  now: Date,
  rerunInit: boolean,
): ContainerRecord {
  const rec = new ContainerRecord(spec, init, defaultReason);
  if (!old) return rec;
  rec.restartCount = old.restartCount ?? 0;
  if (old.image) rec.image = old.image;
  if (old.imageID) rec.imageID = old.imageID;
  if (old.containerID) rec.containerID = old.containerID;
  rec.lastState = old.lastState ?? {};
  const state = old.state ?? {};
  const finishedMs = (t: string | undefined) => (t ? Date.parse(t) : now.getTime());
  if (state.running) {
    rec.ranBefore = true;
    rec.state = {
      terminated: {
        exitCode: 255,
        reason: 'Unknown',
        startedAt: state.running.startedAt ?? wireTime(now),
        finishedAt: wireTime(now),
        ...(old.containerID ? { containerID: old.containerID } : {}),
      },
    };
    rec.finishedAtMs = now.getTime();
  } else if (state.terminated) {
    rec.ranBefore = true;
    rec.state = { terminated: state.terminated };
    rec.finishedAtMs = finishedMs(state.terminated.finishedAt);
  } else if (rec.lastState.terminated) {
    rec.ranBefore = true;
    rec.finishedAtMs = finishedMs(rec.lastState.terminated.finishedAt);
  }
  if (init && rerunInit && rec.ranBefore && rec.state.terminated) {
    rec.lastState = { terminated: rec.state.terminated };
    rec.state = { waiting: { reason: defaultReason } };
  }
  return rec;
}

export function restoreRecords(pod: PodObject, now: Date): RestoredPod {
  const status = pod.status ?? {};
  const finished = status.phase === 'Succeeded' || status.phase === 'Failed';
  const hasInit = (pod.spec?.initContainers ?? []).length > 0;
  const reason = hasInit ? 'PodInitializing' : 'ContainerCreating';
  const never = (pod.spec?.restartPolicy ?? 'Always') === 'Never';
  const find = (list: ContainerStatus[] | undefined, name: string) => list?.find((s) => s.name === name);
  const init = (pod.spec?.initContainers ?? []).map((c) =>
    restore(c, true, reason, find(status.initContainerStatuses, c.name), now, !finished && !never),
  );
  const main = (pod.spec?.containers ?? []).map((c) =>
    restore(c, false, reason, find(status.containerStatuses, c.name), now, false),
  );
  if (finished) {
    // Keep the reported states as they are.
    for (const rec of [...init, ...main]) {
      const old = find(rec.init ? status.initContainerStatuses : status.containerStatuses, rec.name);
      if (old?.state) rec.state = old.state;
    }
  }
  const ranBefore = [...init, ...main].some((r) => r.ranBefore);
  return { init, main, finished, ranBefore };
}
