/** Crash-safe file writes: write a temporary sibling, then rename it over the target. */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, realpath, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `data` to `path` atomically with `mode` (the file is either the old or the new content, never half).
 * A symbolic link at `path` is followed, so the link survives and its target is replaced. Parent directories
 * are created (0700) when missing.
 */
export async function writeFileAtomic(path: string, data: string, mode = 0o600): Promise<void> {
  const target = await realpath(path).catch(() => path);
  const dir = dirname(target);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, data, { mode });
    await chmod(tmp, mode);
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
