/** Finds where the last N lines of a file start, reading backwards in blocks (like the kubelet's tail package). */
import { fstatSync, readSync } from 'node:fs';

const blockSize = 64 * 1024;

/**
 * Byte offset of the first of the last `lines` lines of the open file `fd` (0 when it has fewer lines, the
 * file size for 0 lines). A last line without a newline counts as a line.
 */
export function tailStartOffset(fd: number, lines: number): number {
  const size = fstatSync(fd).size;
  if (lines <= 0) return size;
  const block = Buffer.alloc(blockSize);
  let end = size;
  let seen = 0;
  let skipLast = true;
  while (end > 0) {
    const start = Math.max(0, end - blockSize);
    const n = readSync(fd, block, 0, end - start, start);
    for (let i = n - 1; i >= 0; i--) {
      if (block[i] !== 0x0a) {
        skipLast = false;
        continue;
      }
      // The newline ending the file terminates the last line; it does not start one.
      if (skipLast && start + i === size - 1) {
        skipLast = false;
        continue;
      }
      seen++;
      if (seen === lines) return start + i + 1;
    }
    end = start;
  }
  return 0;
}
