/**
 * One running container: a supervised process group (see supervisor.ts) whose stdout and stderr the runtime
 * writes into the container's CRI log, whose memory is watched against its limit, and whose exit is reported
 * once the whole group is gone and the log flushed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { Socket } from 'node:net';
import { constants } from 'node:os';
import { dirname } from 'node:path';
import { CriLogWriter, type LogRotation } from '../logs/cri-log-writer.js';
import type { ContainerProcess, ExitStatus, StartOptions } from '../node-types.js';
import type { MemoryMonitor } from './memory-monitor.js';
import type { GroupScanner } from './proc-fs.js';
import { readProcStat } from './proc-fs.js';
import { ContainerStartError, checkWorkingDir, resolveExecutable } from './start-error.js';
import { supervisedCommand } from './supervisor.js';

export interface ContainerProcessDeps {
  scanner: GroupScanner;
  memory: MemoryMonitor;
  logRotation: LogRotation;
}

/** How long to wait for the output pipes to close, and for the group to vanish, after the main process exits. */
const drainTimeoutMs = 2000;

const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The exit code a CRI runtime reports for a process killed by `signal`: 128 + its number (137 for SIGKILL). */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}

export class SupervisedProcess implements ContainerProcess {
  readonly pid: number;
  readonly startedAt: Date;
  /** Start time of the leader in clock ticks (for the pid records). */
  readonly startTicks: number;
  readonly exited: Promise<ExitStatus>;
  readonly stdin: NodeJS.WritableStream | undefined;
  private gone = false;
  private oomKilled = false;

  private constructor(
    private readonly child: ChildProcess,
    private readonly deps: ContainerProcessDeps,
    writer: CriLogWriter,
    memoryLimitBytes: number | undefined,
  ) {
    this.pid = child.pid as number;
    this.startedAt = new Date();
    this.startTicks = readProcStat(this.pid)?.startTime ?? -1;
    this.stdin = child.stdin ?? undefined;
    child.on('error', () => {}); // spawn errors were handled by start(); nothing else is expected
    (child.stdio[3] as Socket | null)?.on('error', () => {});
    child.stdin?.on('error', () => {}); // EPIPE when the process exits with unread input
    child.stdout?.on('data', (chunk: Buffer) => writer.write('stdout', chunk));
    child.stderr?.on('data', (chunk: Buffer) => writer.write('stderr', chunk));
    const stopWatching =
      memoryLimitBytes !== undefined
        ? deps.memory.watch(this.pid, memoryLimitBytes, () => {
            this.oomKilled = true;
            this.kill('SIGKILL');
          })
        : () => {};
    this.exited = this.waitForExit(writer, stopWatching);
  }

  /** Checks, spawns and returns the container; throws ContainerStartError when it cannot start. */
  static async start(options: StartOptions, deps: ContainerProcessDeps): Promise<SupervisedProcess> {
    checkWorkingDir(options.cwd);
    const file = resolveExecutable(options.file, options.env, options.cwd);
    mkdirSync(dirname(options.logPath), { recursive: true });
    const writer = new CriLogWriter(options.logPath, deps.logRotation);
    const command = supervisedCommand(file, options.args, options.env);
    const child = spawn(command.file, command.args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe', 'pipe'],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve);
        child.once('error', reject);
      });
    } catch (err) {
      writer.close();
      throw new ContainerStartError(err instanceof Error ? err.message : String(err));
    }
    return new SupervisedProcess(child, deps, writer, options.memoryLimitBytes);
  }

  kill(signal: NodeJS.Signals): void {
    if (this.gone) return;
    try {
      process.kill(-this.pid, signal);
    } catch {
      // the group is already gone
    }
  }

  memoryBytes(): number | undefined {
    if (this.gone) return undefined;
    return this.deps.scanner.groupRss(this.pid);
  }

  private async waitForExit(writer: CriLogWriter, stopWatching: () => void): Promise<ExitStatus> {
    const child = this.child;
    const closed = new Promise<void>((r) => child.once('close', () => r()));
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((r) =>
      child.once('exit', (c, s) => r([c, s])),
    );
    const finishedAt = new Date();
    stopWatching();
    // Closing the lifeline makes the watcher kill the group; killing it here too does not wait for that.
    (child.stdio[3] as Socket | null)?.destroy();
    this.kill('SIGKILL');
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([closed, new Promise<void>((r) => (timeout = setTimeout(r, drainTimeoutMs)))]);
    clearTimeout(timeout);
    // A process that left the group may still hold the pipes: stop reading them.
    child.stdout?.destroy();
    child.stderr?.destroy();
    await this.waitGroupGone();
    this.gone = true;
    writer.close();
    return {
      exitCode: code ?? (signal ? signalExitCode(signal) : null),
      signal,
      oomKilled: this.oomKilled,
      finishedAt,
    };
  }

  private async waitGroupGone(): Promise<void> {
    const deadline = Date.now() + drainTimeoutMs;
    while (Date.now() < deadline) {
      try {
        process.kill(-this.pid, 0);
      } catch {
        return; // no process left in the group
      }
      // Members may be zombies waiting for their new parent to reap them; those are gone for our purpose.
      if ((this.deps.scanner.members(new Set([this.pid]), true).get(this.pid) ?? []).length === 0) return;
      await delay(10);
    }
  }
}
