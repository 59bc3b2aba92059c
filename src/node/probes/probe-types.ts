import type { Container } from 'kubernetes-types/core/v1.js';
import type { ProbeKind, ProbeRunner, ProbeTarget } from '../node-types.js';
import type { ProbeTimers } from './probe-timers.js';

/** A probe result that reached its threshold (the kubelet's results manager `Set`). */
export interface ProbeResultUpdate {
  podUid: string;
  container: string;
  kind: ProbeKind;
  result: 'success' | 'failure';
  /** The last attempt's message (for a failure, Kubernetes' wording such as `HTTP probe failed with statuscode: 500`). */
  message: string;
  /** Whether the result differs from the previous one (readiness transitions, the first startup success ...). */
  changed: boolean;
  /** `terminationGracePeriodSeconds` of a liveness/startup probe, for the kill that its failure causes. */
  terminationGracePeriodSeconds?: number;
}

/** An event the kubelet's prober records on the container for one attempt. */
export interface ProbeEvent {
  podUid: string;
  container: string;
  kind: ProbeKind;
  type: 'Warning';
  /** `Unhealthy` for failed or errored attempts, `ProbeWarning` for successes with a warning. */
  reason: 'Unhealthy' | 'ProbeWarning';
  /** e.g. `Readiness probe failed: HTTP probe failed with statuscode: 500`. */
  message: string;
}

/** What the probes say about one running container (the kubelet's `UpdatePodStatus`). */
export interface ContainerProbeState {
  /** `containerStatuses[].started`: true without a startup probe, else once it succeeded. */
  started: boolean;
  /** `containerStatuses[].ready`: started, and the readiness probe succeeded (or there is none). */
  ready: boolean;
}

export interface ProbeManagerOptions {
  runner: ProbeRunner;
  /** Called when a result reaches its threshold; the agent restarts on liveness/startup failure, sets Ready on change. */
  onResult(update: ProbeResultUpdate): void;
  /** Called for each failed/errored attempt and each success with a warning. */
  onEvent?(event: ProbeEvent): void;
  /** The clock, as epoch milliseconds or a Date (default Date.now). */
  now?(): number | Date;
  timers?: ProbeTimers;
  /** Random source in [0, 1) for the first-run jitter (default Math.random). */
  random?(): number;
  /**
   * How long after a container starts the kubelet first sees it running (its PLEG relists every second); probes do
   * nothing before, and a readiness probe runs at once then (default 500 ms).
   */
  statusSyncDelayMs?: number;
}

export interface ProbeManager {
  /**
   * Starts the probe workers of a container that has just started (a restarted container replaces the previous
   * instance's workers and results).
   */
  addContainer(
    podUid: string,
    containerName: string,
    container: Container,
    target: ProbeTarget,
    startedAt: Date | number,
  ): void;
  /** Stops a container's workers and forgets its results (the container exited). */
  removeContainer(podUid: string, containerName: string): void;
  /** Stops every worker of a pod and forgets its results. */
  removePod(podUid: string): void;
  /** The pod is terminating: liveness and startup probes stop, readiness probes keep running (KEP-1669). */
  stopLivenessAndStartup(podUid: string): void;
  /** Started/ready of a registered container, undefined for an unknown one (not running). */
  containerState(podUid: string, containerName: string): ContainerProbeState | undefined;
  /** Stops every worker. */
  stop(): void;
}
