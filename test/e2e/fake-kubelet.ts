/**
 * A stand-in for the node agent in controller tests (as Kubernetes' own controller tests do): pods bound to a
 * node become Running and Ready through the status subresource after a delay, and pods being deleted are
 * confirmed with grace period 0.
 */
import type { KubeObject } from '../../src/api/object.js';
import type { KubeClient, WatchHandle } from '../../src/client/types.js';

const podsGvr = { group: '', version: 'v1', resource: 'pods' };

interface PodView extends KubeObject {
  spec?: { nodeName?: string; containers?: { name: string; image?: string }[] };
  status?: { phase?: string };
}

export interface FakeKubelet {
  stop(): void;
}

function runningStatus(pod: PodView, ip: string) {
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const condition = (type: string) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: now });
  return {
    phase: 'Running',
    hostIP: '127.0.0.1',
    hostIPs: [{ ip: '127.0.0.1' }],
    podIP: ip,
    podIPs: [{ ip }],
    startTime: now,
    conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map(condition),
    containerStatuses: (pod.spec?.containers ?? []).map((c) => ({
      name: c.name,
      image: c.image,
      imageID: '',
      ready: true,
      started: true,
      restartCount: 0,
      state: { running: { startedAt: now } },
    })),
  };
}

export function startFakeKubelet(client: KubeClient, opts: { readyDelayMs?: number } = {}): FakeKubelet {
  const allPods = client.resource<PodView>(podsGvr);
  const started = new Set<string>();
  const timers = new Set<NodeJS.Timeout>();
  let nextIp = Math.floor(Math.random() * 60_000);
  let watch: WatchHandle | undefined;
  let stopped = false;

  const onPod = (pod: PodView) => {
    const name = pod.metadata.name ?? '';
    const pods = client.resource<PodView>(podsGvr, pod.metadata.namespace ?? '');
    if (pod.metadata.deletionTimestamp) {
      pods.delete(name, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid ?? '' } }).catch(() => {});
      return;
    }
    const uid = pod.metadata.uid ?? '';
    if (!pod.spec?.nodeName || pod.status?.phase !== 'Pending' || started.has(uid)) return;
    started.add(uid);
    nextIp++;
    const ip = `127.244.${Math.floor(nextIp / 250)}.${(nextIp % 250) + 2}`;
    const timer = setTimeout(() => {
      timers.delete(timer);
      pods.patch(name, 'merge', { status: runningStatus(pod, ip) }, { subresource: 'status' }).catch(() => {});
    }, opts.readyDelayMs ?? 0);
    timers.add(timer);
  };

  const run = async () => {
    while (!stopped) {
      try {
        const list = await allPods.list();
        for (const p of list.items) onPod(p);
        await new Promise<void>((resolve) => {
          watch = allPods.watch(
            { resourceVersion: list.metadata.resourceVersion, allowWatchBookmarks: true },
            (ev) => {
              if (ev.type === 'ADDED' || ev.type === 'MODIFIED') onPod(ev.object);
            },
            () => resolve(),
          );
        });
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };
  void run();
  return {
    stop() {
      stopped = true;
      watch?.stop();
      for (const t of timers) clearTimeout(t);
    },
  };
}
