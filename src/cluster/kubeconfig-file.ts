/**
 * Reading and updating kubeconfig files: which file is "the user's kubeconfig", and a locked, atomic
 * read-modify-write (mode 0600) so two `kubeling up` runs, or kubectl, do not lose each other's edits.
 */
import { mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { delimiter, dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { writeFileAtomic } from './atomic-write.js';
import { type Kubeconfig, parseKubeconfig, stringifyKubeconfig } from './kubeconfig.js';

/** The file kubectl writes to: the first non-empty path of `$KUBECONFIG`, else `~/.kube/config`. */
export function defaultKubeconfigPath(env: NodeJS.ProcessEnv, home: string): string {
  const first = (env.KUBECONFIG ?? '').split(delimiter).find((p) => p.trim() !== '');
  return first !== undefined ? resolve(first) : join(home, '.kube', 'config');
}

/** Reads and parses a kubeconfig; a missing or empty file reads as an empty document. */
export async function readKubeconfigFile(path: string): Promise<Kubeconfig> {
  let text = '';
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  try {
    return parseKubeconfig(text);
  } catch (err) {
    throw new Error(`${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

const LOCK_WAIT_MS = 5000;
/** A lock file older than this is taken to be left behind by a crashed writer. */
const STALE_LOCK_MS = 60_000;

async function acquireFileLock(lockPath: string, waitMs: number): Promise<() => Promise<void>> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(lockPath, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const age = await stat(lockPath).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > STALE_LOCK_MS) {
        await rm(lockPath, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new Error(
          `kubeconfig is locked by another writer: remove ${lockPath} if no kubectl or kubeling is running`,
        );
      }
      await sleep(50);
    }
  }
}

/**
 * Applies `edit` to the kubeconfig at `path` under `<path>.lock` (the lock file kubectl uses) and writes the
 * result atomically with mode 0600, creating the file and its folder when missing. `edit` returns undefined to
 * leave the file untouched; the result tells whether the file was written. Waits up to `lockWaitMs` (5 s) for
 * the lock; a lock file older than a minute is taken to be left behind by a crash and removed.
 */
export async function updateKubeconfigFile(
  path: string,
  edit: (config: Kubeconfig) => Kubeconfig | undefined,
  lockWaitMs = LOCK_WAIT_MS,
): Promise<boolean> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const release = await acquireFileLock(`${path}.lock`, lockWaitMs);
  try {
    const next = edit(await readKubeconfigFile(path));
    if (next === undefined) return false;
    await writeFileAtomic(path, stringifyKubeconfig(next), 0o600);
    return true;
  } finally {
    await release();
  }
}
