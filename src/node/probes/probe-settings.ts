import type { Probe } from 'kubernetes-types/core/v1.js';
import type { ProbeKind } from '../node-types.js';

/** A probe's timing and thresholds with Kubernetes' defaults applied (`SetDefaults_Probe`). */
export interface ProbeSettings {
  initialDelaySeconds: number;
  periodMs: number;
  timeoutSeconds: number;
  successThreshold: number;
  failureThreshold: number;
  /** Probe-level grace period for kills caused by this liveness/startup probe, when set. */
  terminationGracePeriodSeconds: number | undefined;
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
}

/**
 * Defaults: initialDelaySeconds 0, periodSeconds 10, timeoutSeconds 1, successThreshold 1, failureThreshold 3.
 * Liveness and startup probes always use successThreshold 1 (the API rejects anything else).
 */
export function probeSettings(probe: Probe, kind: ProbeKind): ProbeSettings {
  const grace = kind === 'readiness' ? undefined : probe.terminationGracePeriodSeconds;
  return {
    initialDelaySeconds: Math.max(0, Math.floor(probe.initialDelaySeconds ?? 0)),
    periodMs: positive(probe.periodSeconds, 10) * 1000,
    timeoutSeconds: positive(probe.timeoutSeconds, 1),
    successThreshold: kind === 'readiness' ? positive(probe.successThreshold, 1) : 1,
    failureThreshold: positive(probe.failureThreshold, 3),
    terminationGracePeriodSeconds: grace !== undefined && grace >= 0 ? grace : undefined,
  };
}
