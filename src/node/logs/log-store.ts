/**
 * Container logs on disk, laid out like the kubelet's `/var/log/pods`:
 * `<root>/<namespace>_<pod>_<uid>/<container>/<restartCount>.log`, one file per run of a container (the process
 * runtime writes it in the CRI format and rotates it). Reads implement `kubectl logs`; `follow` ends when the run
 * is marked finished, as the kubelet stops following a container that is no longer running.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { badRequest } from '../../api/status-error.js';
import type { LogOptions } from '../node-types.js';
import { dateToNs, parseRfc3339 } from './cri-log-format.js';
import { type LiveLog, readCriLog } from './log-reader.js';

/** Identifies a pod's logs; namespace and pod names cannot contain `_`, so the directory name is unambiguous. */
export interface PodLogRef {
  namespace: string;
  name: string;
  uid: string;
}

export interface LogStoreOptions {
  rootDir: string;
  now?: () => Date;
}

export interface LogStore {
  readonly rootDir: string;
  /** `<root>/<namespace>_<pod>_<uid>`. */
  podDir(pod: PodLogRef): string;
  /** `<podDir>/<container>/<restartCount>.log` (nothing created). */
  pathFor(pod: PodLogRef, container: string, restartCount: number): string;
  /**
   * Prepares the log of a new run (directories and an empty file, so it can be read at once) and marks it
   * running: followers wait for more records until `finishRun`. Returns its path, for the runtime's `logPath`.
   * Logs of runs before the previous one are deleted, as the kubelet keeps one dead container per container.
   */
  startRun(pod: PodLogRef, container: string, restartCount: number): string;
  /**
   * The run is over and its output flushed (call it once the process's `exited` resolved): followers write
   * what is left and end, as `kubectl logs -f` ends when the container stops.
   */
  finishRun(pod: PodLogRef, container: string, restartCount: number): void;
  isRunning(pod: PodLogRef, container: string, restartCount: number): boolean;
  /**
   * Streams the log of run `restartCount` of `options.container` (or of run `restartCount - 1` with
   * `previous`) into `out`, with `kubectl logs` semantics. Rejects with a 400 StatusError worded as the kubelet
   * when that run has no log. Resolves when done, when `signal` aborts, or when following ends.
   */
  read(
    pod: PodLogRef,
    restartCount: number,
    options: LogOptions,
    out: NodeJS.WritableStream,
    signal: AbortSignal,
  ): Promise<void>;
  /** Deletes the pod's logs (the pod is gone); its followers end. */
  removePod(pod: PodLogRef): Promise<void>;
  /** The pods that have logs on disk (to remove those of pods deleted while kubeling was down). */
  listPods(): PodLogRef[];
}

export function createLogStore(options: LogStoreOptions): LogStore {
  return new DiskLogStore(options.rootDir, options.now ?? (() => new Date()));
}

class DiskLogStore implements LogStore {
  /** Paths of running runs, with the listeners waiting for them to finish. */
  private readonly running = new Map<string, Set<() => void>>();

  constructor(
    readonly rootDir: string,
    private readonly now: () => Date,
  ) {}

  podDir(pod: PodLogRef): string {
    return join(this.rootDir, `${pod.namespace}_${pod.name}_${pod.uid}`);
  }

  pathFor(pod: PodLogRef, container: string, restartCount: number): string {
    return join(this.podDir(pod), container, `${restartCount}.log`);
  }

  startRun(pod: PodLogRef, container: string, restartCount: number): string {
    const path = this.pathFor(pod, container, restartCount);
    const dir = join(this.podDir(pod), container);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path, '', { flag: 'a' });
    if (!this.running.has(path)) this.running.set(path, new Set());
    // Only the current and the previous run can be read (the kubelet keeps one dead container per container).
    for (const name of readdirSync(dir)) {
      const run = Number.parseInt(name, 10);
      if (run < restartCount - 1 && !this.running.has(join(dir, `${run}.log`)))
        rmSync(join(dir, name), { force: true });
    }
    return path;
  }

  finishRun(pod: PodLogRef, container: string, restartCount: number): void {
    this.finishPath(this.pathFor(pod, container, restartCount));
  }

  isRunning(pod: PodLogRef, container: string, restartCount: number): boolean {
    return this.running.has(this.pathFor(pod, container, restartCount));
  }

  async read(
    pod: PodLogRef,
    restartCount: number,
    options: LogOptions,
    out: NodeJS.WritableStream,
    signal: AbortSignal,
  ): Promise<void> {
    const container = options.container;
    const run = options.previous ? restartCount - 1 : restartCount;
    const path = this.pathFor(pod, container, run);
    if (run < 0 || !existsSync(path)) {
      throw badRequest(
        options.previous
          ? `previous terminated container "${container}" in pod "${pod.name}" not found`
          : `container "${container}" in pod "${pod.name}" is waiting to start - no logs yet`,
      );
    }
    const sinceNs = this.since(options);
    await readCriLog(
      path,
      {
        ...(options.tailLines !== undefined ? { tailLines: options.tailLines } : {}),
        ...(sinceNs !== undefined ? { sinceNs } : {}),
        ...(options.timestamps ? { timestamps: true } : {}),
        ...(options.limitBytes !== undefined ? { limitBytes: options.limitBytes } : {}),
        ...(options.follow ? { follow: true } : {}),
      },
      out,
      signal,
      this.live(path),
    );
  }

  async removePod(pod: PodLogRef): Promise<void> {
    const dir = this.podDir(pod);
    for (const path of [...this.running.keys()]) if (path.startsWith(`${dir}/`)) this.finishPath(path);
    await rm(dir, { recursive: true, force: true });
  }

  listPods(): PodLogRef[] {
    let names: string[];
    try {
      names = readdirSync(this.rootDir);
    } catch {
      return [];
    }
    return names.flatMap((n) => {
      const [namespace, name, uid, ...rest] = n.split('_');
      return namespace && name && uid && rest.length === 0 ? [{ namespace, name, uid }] : [];
    });
  }

  /** The kubelet's rule: now - sinceSeconds, or sinceTime when that is later. */
  private since(options: LogOptions): bigint | undefined {
    let since: bigint | undefined;
    if (options.sinceSeconds !== undefined)
      since = dateToNs(this.now()) - BigInt(options.sinceSeconds) * 1_000_000_000n;
    const sinceTime = options.sinceTime !== undefined ? parseRfc3339(options.sinceTime) : undefined;
    if (sinceTime !== undefined && (since === undefined || sinceTime > since)) since = sinceTime;
    return since;
  }

  private live(path: string): LiveLog {
    return {
      isFinished: () => !this.running.has(path),
      onFinish: (listener) => {
        const listeners = this.running.get(path);
        if (!listeners) {
          queueMicrotask(listener);
          return () => {};
        }
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
  }

  private finishPath(path: string): void {
    const listeners = this.running.get(path);
    if (!listeners) return;
    this.running.delete(path);
    for (const l of listeners) l();
  }
}
