/**
 * Following a log through rotations: the writer renames the current file `<name>.<stamp>` and starts a new one,
 * so a follower that reached the end of its file looks for the file written after it by inode — the next rotated
 * file, else the current one — taking care of rotations that happen while it looks.
 */
import { statSync } from 'node:fs';
import { type FileHandle, open, stat } from 'node:fs/promises';
import { rotatedFiles } from './cri-log-writer.js';

export async function inode(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).ino;
  } catch {
    return undefined;
  }
}

function inodeSync(path: string): number | undefined {
  try {
    return statSync(path).ino;
  } catch {
    return undefined;
  }
}

/**
 * The inode of the file written after the one with inode `ino`: the next rotated file, else the current one. The
 * listing is taken again until no rotation happened while the inodes were read, so the chain is consistent.
 */
export function nextInode(path: string, ino: number): number | undefined {
  for (let attempt = 0; ; attempt++) {
    const names = rotatedFiles(path);
    const inodes = [...names, path].map(inodeSync);
    if (attempt < 5 && rotatedFiles(path).join('\n') !== names.join('\n')) continue;
    const i = inodes.indexOf(ino);
    return i >= 0 && i < inodes.length - 1 ? inodes[i + 1] : inodes.at(-1);
  }
}

async function openIfInode(path: string, ino: number | undefined): Promise<FileHandle | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch {
    return undefined;
  }
  if (ino === undefined || (await handle.stat()).ino === ino) return handle;
  await handle.close();
  return undefined;
}

/**
 * Opens the file with inode `ino`: the current file, or — when a rotation renamed it meanwhile — the rotated
 * file it became (listed after the current one was tried, so the rename is seen); else the current file.
 */
export async function openNext(path: string, ino: number | undefined): Promise<FileHandle | undefined> {
  const current = await openIfInode(path, ino);
  if (current) return current;
  for (const rotated of rotatedFiles(path).reverse()) {
    const handle = await openIfInode(rotated, ino);
    if (handle) return handle;
  }
  return openIfInode(path, undefined);
}
