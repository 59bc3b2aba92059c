/**
 * What the agent knows about one container of a pod across its runs: its current state and the previous
 * termination in Kubernetes' terms, restart count, image, container ID, probe-driven started/ready, and the
 * running process.
 */
import { randomBytes } from 'node:crypto';
import type { Container, ContainerState, ContainerStatus } from 'kubernetes-types/core/v1.js';
import type { ContainerProcess, ExitStatus, Image } from '../node-types.js';
import type { ExecResult } from './container-exec.js';

export const containerIdScheme = 'kubeling';

/** `kubeling://<64 hex digits>`, like `containerd://...`. */
export function newContainerId(): string {
  return `${containerIdScheme}://${randomBytes(32).toString('hex')}`;
}

/** metav1.Time's wire form: RFC 3339, whole seconds. */
export function wireTime(d: Date | number): string {
  return new Date(d).toISOString().replace(/\.\d+Z$/, 'Z');
}

const signalNumbers: Readonly<Record<string, number>> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGILL: 4,
  SIGTRAP: 5,
  SIGABRT: 6,
  SIGBUS: 7,
  SIGFPE: 8,
  SIGKILL: 9,
  SIGUSR1: 10,
  SIGSEGV: 11,
  SIGUSR2: 12,
  SIGPIPE: 13,
  SIGALRM: 14,
  SIGTERM: 15,
};

/** A process's exit code as a container runtime reports it: the code, or 128 + the signal number. */
export function exitCodeOf(exit: ExitStatus): number {
  if (exit.oomKilled) return 137;
  if (exit.exitCode !== null) return exit.exitCode;
  if (exit.signal) return 128 + (signalNumbers[exit.signal] ?? 0);
  return 255;
}

/** `Completed`, `Error` or `OOMKilled`. */
export function terminationReason(exit: ExitStatus): string {
  if (exit.oomKilled) return 'OOMKilled';
  return exitCodeOf(exit) === 0 ? 'Completed' : 'Error';
}

export class ContainerRecord {
  restartCount = 0;
  /** Runs started by this agent. */
  runs = 0;
  /** The container ran before this agent took the pod on (kubeling restarted): its next run is a restart. */
  ranBefore = false;
  state: ContainerState;
  lastState: ContainerState = {};
  containerID: string | undefined;
  image: string;
  imageID = '';
  started = false;
  ready = false;
  process: ContainerProcess | undefined;
  /** When the last run ended (epoch ms), for the restart backoff. */
  finishedAtMs: number | undefined;
  /** The postStart hook runs: the kubelet still reports the container as being created. */
  postStartPending = false;
  /** A kill (liveness failure, changed definition) is under way. */
  killing = false;
  /** Start again after the current run whatever the restart policy (its definition changed). */
  restartAnyway = false;
  /** Runs a command in the current run's environment (exec probes and hooks). */
  exec: ((command: string[], timeoutMs: number) => Promise<ExecResult>) | undefined;
  /** The current run's image and environment, for interactive `kubectl exec`. */
  launch: { image: Image; env: Record<string, string>; cwd: string } | undefined;

  constructor(
    public spec: Container,
    readonly init: boolean,
    defaultWaitingReason: string,
  ) {
    this.image = spec.image ?? '';
    this.state = { waiting: { reason: defaultWaitingReason } };
  }

  get name(): string {
    return this.spec.name;
  }

  get running(): boolean {
    return this.state.running !== undefined;
  }

  get terminated(): ContainerState['terminated'] {
    return this.state.terminated;
  }

  /** The exit code of the last run, if the container ran and stopped. */
  get lastExitCode(): number | undefined {
    return (this.state.terminated ?? this.lastState.terminated)?.exitCode;
  }

  /** Waiting with a reason (ErrImagePull, CrashLoopBackOff ...); keeps the last termination in lastState. */
  wait(reason: string, message?: string): void {
    if (this.state.terminated) this.lastState = { terminated: this.state.terminated };
    this.state = { waiting: message === undefined ? { reason } : { reason, message } };
    this.started = false;
    this.ready = false;
  }

  /** Counts a new run: restartCount counts every run after the first one. */
  private countRun(): void {
    if (this.runs > 0 || this.ranBefore) this.restartCount++;
    this.runs++;
  }

  /** A new run started. */
  markRunning(process: ContainerProcess, containerID: string): void {
    this.restartAnyway = false;
    if (this.state.terminated) this.lastState = { terminated: this.state.terminated };
    this.countRun();
    this.process = process;
    this.containerID = containerID;
    this.state = { running: { startedAt: wireTime(process.startedAt) } };
    this.started = false;
    this.ready = false;
  }

  /** The run ended. */
  markExited(exit: ExitStatus, message?: string): void {
    const startedAt = this.state.running?.startedAt;
    const terminated: NonNullable<ContainerState['terminated']> = {
      exitCode: exitCodeOf(exit),
      reason: terminationReason(exit),
      ...(message ? { message } : {}),
      ...(startedAt ? { startedAt } : {}),
      finishedAt: wireTime(exit.finishedAt),
      ...(this.containerID ? { containerID: this.containerID } : {}),
    };
    if (exit.signal && exit.exitCode === null && !exit.oomKilled) terminated.signal = signalNumbers[exit.signal] ?? 0;
    this.process = undefined;
    this.killing = false;
    this.postStartPending = false;
    this.finishedAtMs = exit.finishedAt.getTime();
    this.state = { terminated };
    this.started = false;
    this.ready = false;
  }

  /** The run could not start at all (StartError, exit code 128). */
  markStartFailed(reason: string, message: string, at: Date): void {
    if (this.state.terminated) this.lastState = { terminated: this.state.terminated };
    this.countRun();
    const time = wireTime(at);
    this.finishedAtMs = at.getTime();
    this.state = {
      terminated: {
        exitCode: 128,
        reason,
        message,
        startedAt: time,
        finishedAt: time,
        ...(this.containerID ? { containerID: this.containerID } : {}),
      },
    };
    this.started = false;
    this.ready = false;
  }

  status(): ContainerStatus {
    const s: ContainerStatus = {
      name: this.name,
      state: this.postStartPending ? { waiting: { reason: 'ContainerCreating' } } : this.state,
      lastState: this.lastState,
      ready: this.ready,
      restartCount: this.restartCount,
      image: this.image,
      imageID: this.imageID,
      started: this.started,
    };
    if (this.containerID) s.containerID = this.containerID;
    return s;
  }
}
