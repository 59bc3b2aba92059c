import type { Container, Probe } from 'kubernetes-types/core/v1.js';
import type { ProbeKind, ProbeTarget } from '../node-types.js';
import { probeSettings } from './probe-settings.js';
import { realTimers } from './probe-timers.js';
import type { ContainerProbeState, ProbeManager, ProbeManagerOptions, ProbeResultUpdate } from './probe-types.js';
import { ProbeWorker, type ProbeWorkerHost } from './probe-worker.js';

type StoredResult = 'success' | 'failure' | 'unknown';

/** The value a result has before the first verdict, as the kubelet's workers set it. */
const initialResult: Readonly<Record<ProbeKind, StoredResult>> = {
  readiness: 'failure',
  liveness: 'success',
  startup: 'unknown',
};

interface ProbedContainer {
  workers: Map<ProbeKind, ProbeWorker>;
  results: Map<ProbeKind, StoredResult>;
  /** Fires when the kubelet would first see the container running (its pod sync). */
  syncTimer: unknown;
}

function probeOf(container: Container, kind: ProbeKind): Probe | undefined {
  if (kind === 'startup') return container.startupProbe;
  if (kind === 'liveness') return container.livenessProbe;
  return container.readinessProbe;
}

/**
 * Creates the probe manager of the node agent (the kubelet's prober manager): one worker per container and probe
 * kind, results with Kubernetes' initial values (readiness false, liveness true, startup unknown), startup gating,
 * and the kubelet's immediate readiness runs whenever a pod sync finds a started container not ready (when the
 * container is first seen, after a startup success, after any result change in the pod).
 */
export function createProbeManager(options: ProbeManagerOptions): ProbeManager {
  const clock = options.now ?? Date.now;
  const now = (): number => {
    const value = clock();
    return typeof value === 'number' ? value : value.getTime();
  };
  const timers = options.timers ?? realTimers;
  const random = options.random ?? Math.random;
  const statusSyncDelayMs = options.statusSyncDelayMs ?? 500;
  const managerStartedAt = now();
  const pods = new Map<string, Map<string, ProbedContainer>>();

  const lookup = (podUid: string, name: string) => pods.get(podUid)?.get(name);

  const isStarted = (entry: ProbedContainer): boolean => {
    const startup = entry.results.get('startup');
    if (startup !== undefined) return startup === 'success';
    return !entry.workers.has('startup');
  };

  const isReady = (entry: ProbedContainer): boolean => {
    if (!isStarted(entry)) return false;
    if (entry.results.get('readiness') === 'success') return true;
    return !entry.workers.has('readiness');
  };

  /** The kubelet's UpdatePodStatus side effect: started containers that are not ready get a readiness run now. */
  const syncPod = (podUid: string) => {
    for (const entry of pods.get(podUid)?.values() ?? []) {
      if (isStarted(entry) && !isReady(entry)) entry.workers.get('readiness')?.trigger();
    }
  };

  const stopContainer = (entry: ProbedContainer) => {
    timers.clearTimeout(entry.syncTimer);
    for (const worker of entry.workers.values()) worker.stop();
    entry.workers.clear();
    entry.results.clear();
  };

  const hostFor = (podUid: string, name: string, entry: ProbedContainer, container: Container): ProbeWorkerHost => ({
    runner: options.runner,
    timers,
    now,
    started: () => isStarted(entry),
    setResult(kind, result, message) {
      if (lookup(podUid, name) !== entry || !entry.workers.has(kind)) return;
      const changed = entry.results.get(kind) !== result;
      entry.results.set(kind, result);
      const update: ProbeResultUpdate = { podUid, container: name, kind, result, message, changed };
      const grace = kind === 'readiness' ? undefined : probeOf(container, kind)?.terminationGracePeriodSeconds;
      if (grace !== undefined) update.terminationGracePeriodSeconds = grace;
      options.onResult(update);
      // The kubelet syncs the pod on every readiness/startup change and on liveness failures.
      if (changed && !(kind === 'liveness' && result === 'success')) syncPod(podUid);
    },
    event(kind, reason, message) {
      if (lookup(podUid, name) !== entry) return;
      options.onEvent?.({ podUid, container: name, kind, type: 'Warning', reason, message });
    },
  });

  const removeContainer = (podUid: string, name: string) => {
    const pod = pods.get(podUid);
    const entry = pod?.get(name);
    if (!pod || !entry) return;
    stopContainer(entry);
    pod.delete(name);
    if (pod.size === 0) pods.delete(podUid);
  };

  return {
    addContainer(podUid, name, container, target: ProbeTarget, startedAt) {
      removeContainer(podUid, name);
      const entry: ProbedContainer = { workers: new Map(), results: new Map(), syncTimer: undefined };
      const pod = pods.get(podUid) ?? new Map<string, ProbedContainer>();
      pods.set(podUid, pod);
      pod.set(name, entry);
      const at = now();
      const host = hostFor(podUid, name, entry, container);
      for (const kind of ['startup', 'readiness', 'liveness'] as const) {
        const probe = probeOf(container, kind);
        if (!probe) continue;
        const settings = probeSettings(probe, kind);
        const knownAtMs = at + statusSyncDelayMs;
        const worker = new ProbeWorker(host, {
          kind,
          probe,
          settings,
          target,
          startedAtMs: typeof startedAt === 'number' ? startedAt : startedAt.getTime(),
          knownAtMs,
        });
        entry.workers.set(kind, worker);
        entry.results.set(kind, initialResult[kind]);
        // Right after the kubelet (re)started, workers wait a random part of a period so probes do not all run at once.
        const recentlyStarted = at - managerStartedAt < settings.periodMs;
        worker.start(recentlyStarted ? Math.floor(random() * settings.periodMs) : 0);
      }
      entry.syncTimer = timers.setTimeout(() => syncPod(podUid), statusSyncDelayMs);
    },
    removeContainer,
    removePod(podUid) {
      for (const entry of pods.get(podUid)?.values() ?? []) stopContainer(entry);
      pods.delete(podUid);
    },
    stopLivenessAndStartup(podUid) {
      for (const entry of pods.get(podUid)?.values() ?? []) {
        for (const kind of ['liveness', 'startup'] as const) {
          entry.workers.get(kind)?.stop();
          entry.workers.delete(kind);
          entry.results.delete(kind);
        }
      }
      syncPod(podUid);
    },
    containerState(podUid, name): ContainerProbeState | undefined {
      const entry = lookup(podUid, name);
      if (!entry) return undefined;
      return { started: isStarted(entry), ready: isReady(entry) };
    },
    stop() {
      for (const podUid of [...pods.keys()]) this.removePod(podUid);
    },
  };
}
