/**
 * What the runtime reads from Linux's /proc: a process's group, session and start time (to tell a process from a
 * later one that reuses its pid), the members of process groups, and resident memory (VmRSS).
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcStat {
  pid: number;
  /** R, S, D, Z (zombie), T ... */
  state: string;
  ppid: number;
  pgrp: number;
  session: number;
  /** Clock ticks after boot at which the process started; with the pid, identifies a process. */
  startTime: number;
}

/** Parses /proc/<pid>/stat; undefined when the process is gone. */
export function readProcStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may itself contain spaces and parentheses.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return {
    pid,
    state: fields[0] ?? '',
    ppid: Number(fields[1]),
    pgrp: Number(fields[2]),
    session: Number(fields[3]),
    startTime: Number(fields[19]),
  };
}

/** Every pid in /proc. */
export function listPids(): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    const c = name.charCodeAt(0);
    if (c >= 48 && c <= 57) pids.push(Number(name));
  }
  return pids;
}

/** The page size, from this process's resident memory in pages (statm) and in kB (status). */
function detectPageSize(): number {
  try {
    const pages = Number(readFileSync('/proc/self/statm', 'latin1').split(' ')[1]);
    const kb = Number(/\nVmRSS:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'latin1'))?.[1]);
    const ratio = (kb * 1024) / pages;
    // Round to the nearest power of two (the two files are read a moment apart).
    return 2 ** Math.round(Math.log2(ratio));
  } catch {
    return 4096;
  }
}

const pageSize = detectPageSize();

/** Resident memory of a process (VmRSS, read from the shorter statm), 0 for a zombie, undefined when gone. */
export function readRssBytes(pid: number): number | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/statm`, 'latin1');
  } catch {
    return undefined;
  }
  return Number(text.split(' ')[1] ?? 0) * pageSize;
}

/** Whether `pid` is the process that started at `startTime` and has not exited (zombies count as exited). */
export function isSameProcessAlive(pid: number, startTime: number): boolean {
  const st = readProcStat(pid);
  return st !== undefined && st.startTime === startTime && st.state !== 'Z';
}

/**
 * Finds the members of process groups by scanning /proc. The group of a pid seen before is cached (processes
 * rarely change group) and only new pids are read, except every `fullRescanEvery`-th scan, which re-reads all,
 * so a process that changed group, or a pid reused by another process, is noticed within a few scans.
 */
export class GroupScanner {
  private readonly groupOf = new Map<number, number>();
  private scans = 0;

  constructor(private readonly fullRescanEvery = 8) {}

  /**
   * Members of each group in `pgids`. With `exact`, members are read again and zombies left out (to know a
   * group is gone); otherwise a zombie may be listed (its resident memory is 0).
   */
  members(pgids: ReadonlySet<number>, exact = false): Map<number, number[]> {
    const full = this.scans++ % this.fullRescanEvery === 0;
    const result = new Map<number, number[]>();
    const seen = new Set<number>();
    for (const pid of listPids()) {
      seen.add(pid);
      let pgrp = full ? undefined : this.groupOf.get(pid);
      if (pgrp === undefined || (exact && pgids.has(pgrp))) {
        const st = readProcStat(pid);
        if (!st) continue;
        pgrp = st.pgrp;
        this.groupOf.set(pid, pgrp);
        if (st.state === 'Z' && pgids.has(pgrp)) continue;
      }
      if (!pgids.has(pgrp)) continue;
      const list = result.get(pgrp);
      if (list) list.push(pid);
      else result.set(pgrp, [pid]);
    }
    for (const pid of this.groupOf.keys()) if (!seen.has(pid)) this.groupOf.delete(pid);
    return result;
  }

  /** Sum of the resident memory of a group's members (0 when it has none). */
  groupRss(pgid: number): number {
    return (this.members(new Set([pgid])).get(pgid) ?? []).reduce((sum, pid) => sum + (readRssBytes(pid) ?? 0), 0);
  }
}
