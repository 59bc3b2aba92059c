import type { Probe } from 'kubernetes-types/core/v1.js';
import type { ProbeKind, ProbeOutcome, ProbeRunner, ProbeTarget } from '../node-types.js';
import { ProbeError } from './probe-error.js';
import type { ProbeSettings } from './probe-settings.js';
import type { ProbeTimers } from './probe-timers.js';
import type { ProbeEvent } from './probe-types.js';

/** The kubelet retries an attempt that errored (not one that failed) this many times in all. */
const maxProbeRetries = 3;

const kindTitle: Readonly<Record<ProbeKind, string>> = {
  liveness: 'Liveness',
  readiness: 'Readiness',
  startup: 'Startup',
};

/** What a worker needs from its manager. */
export interface ProbeWorkerHost {
  runner: ProbeRunner;
  timers: ProbeTimers;
  now(): number;
  /** Whether the container counts as started (gates liveness/readiness, stops startup). */
  started(): boolean;
  /** Records a result that reached its threshold. */
  setResult(kind: ProbeKind, result: 'success' | 'failure', message: string): void;
  event(kind: ProbeKind, reason: ProbeEvent['reason'], message: string): void;
}

export interface ProbeWorkerInit {
  kind: ProbeKind;
  probe: Probe;
  settings: ProbeSettings;
  target: ProbeTarget;
  /** When the container started (initialDelaySeconds counts from here), epoch ms. */
  startedAtMs: number;
  /** Before this time (epoch ms) the kubelet does not know the container yet: attempts do nothing. */
  knownAtMs: number;
}

/**
 * Probes one container with one probe, like the kubelet's worker: an attempt on every period tick (and on manual
 * triggers), skipped during initialDelaySeconds and while startup gating applies, consecutive results counted
 * against successThreshold/failureThreshold, and a hold after a liveness failure or a startup verdict (until the
 * container is replaced). Attempts never overlap: a tick during an attempt runs right after it, as Go's buffered
 * ticker does.
 */
export class ProbeWorker {
  private timer: unknown;
  private inFlight = false;
  private pending = false;
  private stopped = false;
  private onHold = false;
  private lastResult: 'success' | 'failure' | undefined;
  private resultRun = 0;

  constructor(
    private readonly host: ProbeWorkerHost,
    readonly init: ProbeWorkerInit,
  ) {}

  get kind(): ProbeKind {
    return this.init.kind;
  }

  /** Starts ticking: the first attempt after `firstDelayMs` (the jitter), then every period. */
  start(firstDelayMs: number): void {
    this.schedule(firstDelayMs);
  }

  /** A manual run (the kubelet's manualTriggerCh): attempts now and restarts the period from here. */
  trigger(): void {
    if (this.stopped) return;
    this.host.timers.clearTimeout(this.timer);
    this.schedule(this.init.settings.periodMs);
    this.deliver();
  }

  stop(): void {
    this.stopped = true;
    this.host.timers.clearTimeout(this.timer);
  }

  private schedule(ms: number): void {
    this.timer = this.host.timers.setTimeout(() => {
      if (this.stopped) return;
      this.schedule(this.init.settings.periodMs);
      this.deliver();
    }, ms);
  }

  private deliver(): void {
    if (this.stopped) return;
    if (this.inFlight) {
      this.pending = true;
      return;
    }
    void this.attempt();
  }

  private async attempt(): Promise<void> {
    this.inFlight = true;
    try {
      await this.doProbe();
    } finally {
      this.inFlight = false;
      if (this.pending && !this.stopped) {
        this.pending = false;
        this.deliver();
      }
    }
  }

  private shouldProbe(): boolean {
    const { kind, settings, startedAtMs, knownAtMs } = this.init;
    const now = this.host.now();
    if (now < knownAtMs || this.onHold) return false;
    if (Math.trunc((now - startedAtMs) / 1000) < settings.initialDelaySeconds) return false;
    const started = this.host.started();
    return kind === 'startup' ? !started : started;
  }

  private async doProbe(): Promise<void> {
    if (!this.shouldProbe()) return;
    const { kind, probe, target, settings } = this.init;
    const title = kindTitle[kind];
    let outcome: ProbeOutcome | undefined;
    let error: unknown;
    for (let i = 0; i < maxProbeRetries && outcome === undefined; i++) {
      try {
        outcome = await this.host.runner(probe, target);
      } catch (caught) {
        error = caught;
      }
    }
    if (this.stopped) return;
    if (outcome === undefined) {
      const state = error instanceof ProbeError ? error.state : 'unknown';
      const why = error instanceof Error ? error.message : String(error);
      this.host.event(kind, 'Unhealthy', `${title} probe errored and resulted in ${state} state: ${why}`);
      return;
    }
    if (!outcome.success) this.host.event(kind, 'Unhealthy', `${title} probe failed: ${outcome.message}`);
    else if (outcome.message !== '')
      this.host.event(kind, 'ProbeWarning', `${title} probe warning: ${outcome.message}`);

    const result = outcome.success ? 'success' : 'failure';
    if (this.lastResult === result) this.resultRun++;
    else {
      this.lastResult = result;
      this.resultRun = 1;
    }
    const threshold = result === 'failure' ? settings.failureThreshold : settings.successThreshold;
    if (this.resultRun < threshold) return;
    if ((kind === 'liveness' && result === 'failure') || kind === 'startup') {
      // The container will be restarted (or has started): hold until a new container replaces this one.
      this.onHold = true;
      this.resultRun = 0;
    }
    this.host.setResult(kind, result, outcome.message);
  }
}
