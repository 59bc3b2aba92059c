/**
 * `<data-dir>/run.lock`: at most one process serves a data dir. The lock file is created exclusively and holds
 * the owner's pid and start time; a lock whose owner is gone (a crash) is taken over.
 */
import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { currentProcessIdentity, isProcessAlive, type ProcessIdentity } from './process-identity.js';

export const LOCK_FILE = 'run.lock';

export type LockResult = { acquired: true; release(): Promise<void> } | { acquired: false; owner: ProcessIdentity };

async function readOwner(path: string): Promise<ProcessIdentity | undefined> {
  try {
    const owner = JSON.parse(await readFile(path, 'utf8')) as Partial<ProcessIdentity>;
    return typeof owner.pid === 'number' ? (owner as ProcessIdentity) : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the data dir's lock for this process, or reports the live process holding it. */
export async function acquireClusterLock(dataDir: string): Promise<LockResult> {
  const path = join(dataDir, LOCK_FILE);
  const me = currentProcessIdentity();
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(path, 'wx', 0o600);
      await handle.writeFile(JSON.stringify(me));
      await handle.close();
      return {
        acquired: true,
        release: async () => {
          const owner = await readOwner(path);
          if (owner?.pid === me.pid) await rm(path, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // An owner that has created the file but not yet written it reads as undefined: give it a moment.
      const owner = (await readOwner(path)) ?? (await sleep(100).then(() => readOwner(path)));
      if (owner !== undefined && owner.pid !== me.pid && isProcessAlive(owner)) return { acquired: false, owner };
      await rm(path, { force: true });
    }
  }
  throw new Error(`could not take ${path}: another kubeling keeps creating it`);
}

/** Removes a lock left by `pid` (after that process was killed). */
export async function removeClusterLock(dataDir: string, pid: number): Promise<void> {
  const path = join(dataDir, LOCK_FILE);
  const owner = await readOwner(path);
  if (owner === undefined || owner.pid === pid) await rm(path, { force: true });
}
