/**
 * The process runtime of the node agent: runs each container as a supervised process group that dies with
 * kubeling (supervisor.ts), writes its output into its CRI log, enforces memory limits, and records what it
 * started so that a kubeling restarted after a crash can kill leftovers (pid-records.ts).
 */
import type { LogRotation } from '../logs/cri-log-writer.js';
import { defaultLogRotation } from '../logs/cri-log-writer.js';
import type { ContainerProcess, ProcessRuntime, StartOptions } from '../node-types.js';
import { SupervisedProcess } from './container-process.js';
import { MemoryMonitor } from './memory-monitor.js';
import { killLeftovers, removePidRecord, selfOwner, writePidRecord } from './pid-records.js';
import { GroupScanner } from './proc-fs.js';

export interface ProcessRuntimeOptions {
  /** Where the records of started processes live (one small file per running container). */
  stateDir: string;
  logRotation?: LogRotation;
  /** shutdown(): time between SIGTERM and SIGKILL (default 5 s). */
  shutdownGraceMs?: number;
  /** How often memory is compared with the limits (default 250 ms). */
  memoryPollMs?: number;
}

export interface ProcessRuntimeHandle extends ProcessRuntime {
  /** Pids of a previous kubeling's containers killed at creation (see pid-records.ts). */
  readonly leftoversKilled: readonly number[];
  /** The containers still running. */
  running(): ContainerProcess[];
}

/**
 * Creates the runtime; first kills leftovers of a previous kubeling that used the same `stateDir` and is gone.
 * Exit statuses report a process killed by a signal with exit code 128 + the signal's number and `signal` set,
 * as CRI runtimes do (137 for SIGKILL, with `oomKilled` when the memory limit was the cause).
 */
export function createProcessRuntime(options: ProcessRuntimeOptions): ProcessRuntimeHandle {
  const leftoversKilled = killLeftovers(options.stateDir);
  const scanner = new GroupScanner();
  const memory = new MemoryMonitor(scanner, options.memoryPollMs ?? 250);
  const deps = { scanner, memory, logRotation: options.logRotation ?? defaultLogRotation };
  const owner = selfOwner();
  const live = new Set<SupervisedProcess>();
  let shutDown = false;

  return {
    leftoversKilled,
    running: () => [...live],

    async start(start: StartOptions): Promise<ContainerProcess> {
      if (shutDown) throw new Error('the process runtime is shut down');
      const proc = await SupervisedProcess.start(start, deps);
      live.add(proc);
      writePidRecord(options.stateDir, {
        pid: proc.pid,
        startTime: proc.startTicks,
        command: [start.file, ...start.args].join(' '),
        owner,
      });
      void proc.exited.then(() => {
        live.delete(proc);
        removePidRecord(options.stateDir, proc.pid);
      });
      return proc;
    },

    async shutdown(): Promise<void> {
      shutDown = true;
      const procs = [...live];
      for (const p of procs) p.kill('SIGTERM');
      const all = Promise.all(procs.map((p) => p.exited));
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<'timeout'>((r) => {
        timer = setTimeout(() => r('timeout'), options.shutdownGraceMs ?? 5000);
      });
      if ((await Promise.race([all, graceOver])) === 'timeout') for (const p of live) p.kill('SIGKILL');
      clearTimeout(timer);
      await all;
      memory.stop();
    },
  };
}
