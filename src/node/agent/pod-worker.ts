/**
 * One pod's worker (the kubelet's pod worker): a serialized loop that syncs the pod while it lives — sandbox
 * (volumes, IP), init containers in order, containers, restarts with CrashLoopBackOff, status — then terminates
 * it once it is deleted (pod-termination.ts). Informer updates, process exits, probe results and timers only
 * mark the pod dirty and wake the loop.
 */
import { type AgentContext, describePod, type PodObject, podEvent } from './agent-context.js';
import { type ContainerRecord, wireTime } from './container-record.js';
import { type PodSandbox, startContainer } from './container-start.js';
import { containerStatuses } from './container-statuses.js';
import { killForRestart } from './container-stop.js';
import { restartGate } from './crash-loop.js';
import type { Deadline } from './deadline.js';
import type { PullMemory } from './image-pull.js';
import { restoreRecords } from './pod-restore.js';
import { setUpSandbox } from './pod-sandbox.js';
import { computePodStatus, sameStatus, type WirePodStatus } from './pod-status.js';
import { type TerminationHost, terminatePod } from './pod-termination.js';
import { newerPod, writePodStatus } from './status-writer.js';
import { type ContainerView, planPod, type RestartPolicy } from './sync-plan.js';
import { tearDownVolumes } from './volumes/pod-volumes.js';

/** How often a running pod is synced without a reason (volumes refreshed from their ConfigMaps and Secrets). */
const resyncMs = 60_000;

/** Whether anything but the status changed (spec, labels, annotations, deletion). */
function specChanged(a: PodObject, b: PodObject): boolean {
  const pick = (p: PodObject) => ({
    spec: p.spec,
    labels: p.metadata.labels,
    annotations: p.metadata.annotations,
    deletionTimestamp: p.metadata.deletionTimestamp,
    deletionGracePeriodSeconds: p.metadata.deletionGracePeriodSeconds,
  });
  return !sameStatus(pick(a), pick(b));
}

export type WorkerPhase = 'running' | 'finished' | 'terminating' | 'terminated';

export class PodWorker implements TerminationHost {
  readonly uid: string;
  readonly initRecords: ContainerRecord[];
  readonly records: ContainerRecord[];
  phase: WorkerPhase = 'running';
  sandbox: PodSandbox | undefined;
  removed = false;
  /** Aborts when termination is requested: starts under way give up. */
  readonly stopStarting = new AbortController();
  /** Aborts when the pod must die at once (force delete). */
  readonly force = new AbortController();
  deadline: Deadline | undefined;
  private readonly pulls = new Map<string, PullMemory>();
  private startTime: string | undefined;
  private dirty = true;
  private wake: (() => void) | undefined;
  private kickTimer: NodeJS.Timeout | undefined;
  private kickTimeAt = 0;
  private stopped = false;
  private lastResync = 0;
  private mountFailures = 0;
  private resyncTimer: NodeJS.Timeout | undefined;
  readonly done: Promise<void>;

  constructor(
    readonly ctx: AgentContext,
    public pod: PodObject,
    private readonly onTerminated: (worker: PodWorker) => void,
  ) {
    this.uid = pod.metadata.uid ?? '';
    const restored = restoreRecords(pod, ctx.now());
    this.initRecords = restored.init;
    this.records = restored.main;
    if (restored.finished) this.phase = 'finished';
    else if (restored.ranBefore) {
      podEvent(ctx, pod, 'Normal', 'SandboxChanged', 'Pod sandbox changed, it will be killed and re-created.');
    }
    this.done = this.loop();
  }

  get restartPolicy(): RestartPolicy {
    return (this.pod.spec?.restartPolicy as RestartPolicy | undefined) ?? 'Always';
  }

  allRecords(): ContainerRecord[] {
    return [...this.initRecords, ...this.records];
  }

  record(name: string): ContainerRecord | undefined {
    return this.allRecords().find((r) => r.name === name);
  }

  /** A newer version of the pod from the informer; a change of its status alone needs no sync (as the kubelet). */
  update(pod: PodObject): void {
    const before = this.pod;
    this.pod = newerPod(this.pod, pod);
    if (this.pod === before || !specChanged(before, this.pod)) return;
    this.applyDefinitionChanges();
    if (this.pod.metadata.deletionTimestamp) {
      this.stopStarting.abort();
      const grace = this.pod.metadata.deletionGracePeriodSeconds;
      if (this.deadline && grace !== undefined) this.deadline.shorten(Date.now() + grace * 1000);
      if (grace === 0) this.force.abort();
    }
    this.kick();
  }

  /** A container whose image changed is killed and started again (the only mutable part of a container). */
  private applyDefinitionChanges(): void {
    if (this.phase !== 'running' || this.pod.metadata.deletionTimestamp) return;
    for (const spec of [...(this.pod.spec?.initContainers ?? []), ...(this.pod.spec?.containers ?? [])]) {
      const rec = this.record(spec.name);
      if (!rec || rec.spec.image === spec.image) continue;
      rec.spec = spec;
      if (rec.init || !rec.process) continue;
      rec.restartAnyway = true;
      killForRestart(this, rec, `Container ${spec.name} definition changed, will be restarted`, undefined);
    }
  }

  /** The pod is gone from the API (force-deleted): kill at once. */
  remove(): void {
    this.removed = true;
    this.stopStarting.abort();
    this.force.abort();
    this.deadline?.shorten(Date.now());
    this.kick();
  }

  kick(): void {
    this.dirty = true;
    this.wake?.();
  }

  /** Syncs again at `at` (epoch ms); only the earliest pending time is kept. */
  kickAt(at: number): void {
    if (this.stopped || (this.kickTimer && this.kickTimeAt <= at)) return;
    clearTimeout(this.kickTimer);
    this.kickTimeAt = at;
    this.kickTimer = setTimeout(
      () => {
        this.kickTimer = undefined;
        this.kick();
      },
      Math.max(0, at - Date.now()),
    );
  }

  /** Stops the loop without touching processes (the agent shuts down; the runtime kills them). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.resyncTimer);
    clearTimeout(this.kickTimer);
    this.deadline?.dispose();
    this.stopStarting.abort();
    this.wake?.();
  }

  /** A liveness or startup probe failed for good: kill the container (it restarts unless the policy is Never). */
  livenessFailed(name: string, kind: 'liveness' | 'startup', graceSeconds: number | undefined): void {
    const rec = this.record(name);
    if (!rec) return;
    const restarts = this.restartPolicy !== 'Never';
    if (!rec.process || rec.killing || this.phase !== 'running') return;
    rec.restartAnyway = restarts;
    killForRestart(
      this,
      rec,
      `Container ${name} failed ${kind} probe${restarts ? ', will be restarted' : ''}`,
      graceSeconds,
    );
  }

  private scheduleResync(): void {
    if (this.resyncTimer) return;
    this.resyncTimer = setTimeout(() => {
      this.resyncTimer = undefined;
      this.kick();
    }, resyncMs);
  }

  private async loop(): Promise<void> {
    while (!this.stopped && this.phase !== 'terminated') {
      if (!this.dirty) await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
      if (this.stopped) break;
      this.dirty = false;
      try {
        if (this.removed || this.pod.metadata.deletionTimestamp) {
          this.phase = 'terminating';
          await terminatePod(this);
          this.phase = 'terminated';
          this.onTerminated(this);
        } else if (this.phase === 'running') {
          await this.sync();
        }
      } catch (err) {
        if (this.stopped) break;
        this.ctx.log.error('pod sync failed', { pod: describePod(this.pod), err });
        this.kickAt(Date.now() + 1000);
      }
    }
    clearTimeout(this.resyncTimer);
    clearTimeout(this.kickTimer);
  }

  private pullMemory(name: string): PullMemory {
    let m = this.pulls.get(name);
    if (!m) {
      m = {};
      this.pulls.set(name, m);
    }
    return m;
  }

  private view(rec: ContainerRecord, init: boolean): ContainerView {
    const active = rec.process !== undefined;
    // After kubeling restarted, init containers run again in the new sandbox (unless the pod never restarts).
    const counts = !init || rec.runs > 0 || this.restartPolicy === 'Never';
    return {
      name: rec.name,
      active,
      lastExitCode: counts ? rec.lastExitCode : undefined,
      restartAnyway: rec.restartAnyway,
    };
  }

  private async sync(): Promise<void> {
    const ctx = this.ctx;
    this.startTime ??= wireTime(ctx.now());
    if (!this.sandbox) {
      const outcome = await setUpSandbox(ctx, this.pod, this.mountFailures);
      if (outcome.ok) this.sandbox = outcome.sandbox;
      else {
        this.mountFailures++;
        this.kickAt(outcome.retryAt);
      }
      this.lastResync = Date.now();
    } else if (Date.now() - this.lastResync >= resyncMs) {
      this.lastResync = Date.now();
      await setUpSandbox(ctx, this.pod, 0, this.sandbox).catch(() => undefined);
    }
    this.scheduleResync();
    if (this.sandbox) await this.runContainers(this.sandbox);
    await this.writeStatus();
  }

  private async runContainers(sandbox: PodSandbox): Promise<void> {
    const plan = planPod(
      this.restartPolicy,
      this.initRecords.map((r) => this.view(r, true)),
      this.records.map((r) => this.view(r, false)),
    );
    for (const name of plan.start) {
      if (this.stopStarting.signal.aborted) return;
      const rec = this.record(name);
      if (rec) await this.start(rec, sandbox);
    }
    for (const name of plan.restart) {
      if (this.stopStarting.signal.aborted) return;
      const rec = this.record(name);
      if (rec) await this.restart(rec, sandbox);
    }
    if (plan.done) await this.finish();
  }

  private async start(rec: ContainerRecord, sandbox: PodSandbox): Promise<void> {
    const result = await startContainer(this.ctx, {
      pod: this.pod,
      sandbox,
      record: rec,
      pull: this.pullMemory(rec.name),
      signal: this.stopStarting.signal,
      kick: () => this.kick(),
    });
    if (!result.started && result.retryAt !== undefined) this.kickAt(result.retryAt);
    if (!result.started && result.retryAt === undefined) this.kick();
  }

  private async restart(rec: ContainerRecord, sandbox: PodSandbox): Promise<void> {
    const readyAt = restartGate(this.ctx, this.pod, rec);
    if (readyAt === undefined) await this.start(rec, sandbox);
    else this.kickAt(readyAt);
  }

  /** Every container stopped for good: the pod is Succeeded or Failed; its sandbox goes, its logs stay. */
  private async finish(): Promise<void> {
    this.phase = 'finished';
    await this.releaseSandbox();
  }

  async releaseSandbox(): Promise<void> {
    this.ctx.probes.removePod(this.uid);
    if (this.sandbox) await tearDownVolumes(this.sandbox.podDir);
    this.sandbox = undefined;
    this.ctx.ips.release(this.uid);
  }

  computeStatus(pod: PodObject, terminal: boolean): WirePodStatus {
    return computePodStatus(
      pod,
      {
        podIP: this.sandbox?.podIP,
        startTime: this.startTime,
        readyToStartContainers: this.sandbox !== undefined && !terminal,
        initContainers: containerStatuses(this.ctx.probes, this.uid, this.initRecords, true),
        containers: containerStatuses(this.ctx.probes, this.uid, this.records, false),
        terminal,
      },
      wireTime(this.ctx.now()),
    );
  }

  async writeStatus(terminal = false): Promise<void> {
    if (this.removed || this.stopped) return;
    const written = await writePodStatus(this.ctx, this.pod, (pod) => this.computeStatus(pod, terminal));
    if (written) this.pod = newerPod(this.pod, written);
  }
}
