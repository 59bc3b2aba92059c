/**
 * Belt and braces for a crash: the runtime records every container it starts (`<stateDir>/container-<pid>.json`:
 * pid, start time, and the kubeling process that owns it) and removes the record when the container is gone. A
 * restarted kubeling kills what is left of the sessions of records whose owner is no longer alive, checking each
 * process's start time so that a pid reused by an unrelated process is never touched.
 */
import { mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isSameProcessAlive, listPids, readProcStat } from './proc-fs.js';

export interface PidRecord {
  pid: number;
  startTime: number;
  command: string;
  owner: { pid: number; startTime: number };
}

const prefix = 'container-';

function recordPath(stateDir: string, pid: number): string {
  return join(stateDir, `${prefix}${pid}.json`);
}

/** This process, as an owner. */
export function selfOwner(): { pid: number; startTime: number } {
  return { pid: process.pid, startTime: readProcStat(process.pid)?.startTime ?? -1 };
}

export function writePidRecord(stateDir: string, record: PidRecord): void {
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(recordPath(stateDir, record.pid), JSON.stringify(record));
}

export function removePidRecord(stateDir: string, pid: number): void {
  try {
    unlinkSync(recordPath(stateDir, pid));
  } catch {
    // already gone
  }
}

export function readPidRecords(stateDir: string): PidRecord[] {
  let names: string[];
  try {
    names = readdirSync(stateDir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    if (!name.startsWith(prefix) || !name.endsWith('.json')) return [];
    try {
      return [JSON.parse(readFileSync(join(stateDir, name), 'utf8')) as PidRecord];
    } catch {
      return [];
    }
  });
}

/**
 * SIGKILLs the remains of containers recorded by kubeling processes that are gone: every live process of the
 * recorded session, provided the session is still the recorded one (its leader alive with the recorded start
 * time, or gone — Linux does not hand out a pid still used as a session id, so a session without its leader can
 * only be the old one). Removes those records; returns the pids killed. Records of a live owner (another
 * kubeling, or this one) are left alone.
 */
export function killLeftovers(stateDir: string): number[] {
  const orphaned = readPidRecords(stateDir).filter((r) => !isSameProcessAlive(r.owner.pid, r.owner.startTime));
  if (orphaned.length === 0) return [];
  const sessions = new Map<number, PidRecord>();
  for (const r of orphaned) {
    const leader = readProcStat(r.pid);
    if (!leader || leader.startTime === r.startTime) sessions.set(r.pid, r);
  }
  const killed: number[] = [];
  for (const pid of listPids()) {
    const st = readProcStat(pid);
    if (!st || st.state === 'Z') continue;
    const record = sessions.get(st.session);
    if (!record || st.startTime < record.startTime) continue;
    try {
      process.kill(pid, 'SIGKILL');
      killed.push(pid);
    } catch {
      // exited meanwhile
    }
  }
  for (const r of orphaned) removePidRecord(stateDir, r.pid);
  return killed;
}
