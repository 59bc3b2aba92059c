/**
 * Writes a projected volume's files the way the kubelet's AtomicWriter does, so a process always reads a whole
 * version and updates replace every file at once: the files live in a timestamped `..<time>` directory, `..data`
 * is a symlink to it (swapped by rename), and each top-level entry is a symlink through `..data`.
 */
import { randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, readdir, readFile, readlink, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface ProjectedFile {
  content: Buffer;
  /** File mode, e.g. 0o644. */
  mode: number;
}

const dataLink = '..data';

async function currentFiles(dir: string): Promise<Map<string, Buffer> | undefined> {
  let target: string;
  try {
    target = await readlink(join(dir, dataLink));
  } catch {
    return undefined;
  }
  const root = join(dir, target);
  const out = new Map<string, Buffer>();
  const walk = async (rel: string): Promise<void> => {
    for (const entry of await readdir(join(root, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(path);
      else out.set(path, await readFile(join(root, path)));
    }
  };
  try {
    await walk('');
  } catch {
    return undefined;
  }
  return out;
}

function same(a: Map<string, Buffer>, b: ReadonlyMap<string, ProjectedFile>): boolean {
  if (a.size !== b.size) return false;
  for (const [path, file] of b) {
    const old = a.get(path);
    if (!old?.equals(file.content)) return false;
  }
  return true;
}

/** Makes `dir` hold exactly `files` (relative paths); does nothing when they are already there. */
export async function writeProjectedFiles(dir: string, files: ReadonlyMap<string, ProjectedFile>): Promise<boolean> {
  await mkdir(dir, { recursive: true });
  const existing = await currentFiles(dir);
  if (existing && same(existing, files)) return false;
  const stamp = `..${new Date().toISOString().replace(/[-:.TZ]/g, '_')}${randomBytes(4).toString('hex')}`;
  const fresh = join(dir, stamp);
  await mkdir(fresh);
  for (const [path, file] of files) {
    const target = join(fresh, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.content);
    await chmod(target, file.mode);
  }
  const oldTarget = await readlink(join(dir, dataLink)).catch(() => undefined);
  const tmpLink = join(dir, `..data_tmp_${randomBytes(4).toString('hex')}`);
  await symlink(stamp, tmpLink);
  await rename(tmpLink, join(dir, dataLink));
  const visible = new Set([...files.keys()].map((p) => p.split('/')[0] ?? p));
  for (const name of visible) {
    const link = join(dir, name);
    const stat = await lstat(link).catch(() => undefined);
    if (stat?.isSymbolicLink()) continue;
    if (stat) await rm(link, { recursive: true, force: true });
    await symlink(join(dataLink, name), link);
  }
  for (const entry of await readdir(dir)) {
    if (entry.startsWith('..') || visible.has(entry)) continue;
    await rm(join(dir, entry), { recursive: true, force: true });
  }
  if (oldTarget && oldTarget !== stamp) await rm(join(dir, oldTarget), { recursive: true, force: true });
  return true;
}
