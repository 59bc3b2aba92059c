/**
 * Telling whether a recorded pid is still the process that recorded it. A pid alone is not enough: after a crash
 * or a reboot the number can belong to an unrelated process. On Linux the process start time
 * (`/proc/<pid>/stat`, field 22, in clock ticks since boot) is recorded too and must match.
 */
import { readFileSync } from 'node:fs';

export interface ProcessIdentity {
  pid: number;
  /** Start time from /proc (Linux); absent where /proc is not available. */
  startTicks?: string;
}

interface ProcStat {
  /** One letter: R running, S sleeping, Z zombie, X dead, ... */
  state: string;
  startTicks: string;
}

function procStat(pid: number): ProcStat | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (comm) is in parentheses and may contain spaces: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const [state, startTicks] = [fields[0], fields[19]];
    return state !== undefined && startTicks !== undefined ? { state, startTicks } : undefined;
  } catch {
    return undefined;
  }
}

/** The start time of `pid` in clock ticks since boot, or undefined when unknown (no such process, no /proc). */
export function processStartTicks(pid: number): string | undefined {
  return procStat(pid)?.startTicks;
}

/** The identity of the calling process. */
export function currentProcessIdentity(): ProcessIdentity {
  const startTicks = processStartTicks(process.pid);
  return startTicks === undefined ? { pid: process.pid } : { pid: process.pid, startTicks };
}

/** Whether a process with this pid exists (a process we may not signal still exists). */
export function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * True when the process `id` describes is alive: the pid exists, is not a zombie (an exited process its parent
 * has not reaped yet) and, when recorded, its start time matches.
 */
export function isProcessAlive(id: ProcessIdentity): boolean {
  if (!Number.isInteger(id.pid) || id.pid <= 0 || !pidExists(id.pid)) return false;
  const stat = procStat(id.pid);
  if (stat === undefined) return true;
  if (stat.state === 'Z' || stat.state === 'X') return false;
  return id.startTicks === undefined || stat.startTicks === id.startTicks;
}
