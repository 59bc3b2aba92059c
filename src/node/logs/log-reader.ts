/**
 * Reads one container log file in the CRI format and writes what `kubectl logs` shows, with the kubelet's
 * semantics (pkg/kubelet/kuberuntime/logs): `tailLines` counts records from the end, `since` skips older records,
 * `timestamps` prefixes each record with its RFC3339NanoFixed time, `limitBytes` cuts the output (mid-line if
 * need be), and `follow` keeps reading appended records until the run is finished, following a rotation.
 */
import { type FSWatcher, watch } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { formatRfc3339NanoFixed, parseCriRecord } from './cri-log-format.js';
import { inode, nextInode, openNext } from './log-rotation-chain.js';
import { tailStartOffset } from './log-tail.js';

export interface ReadLogOptions {
  tailLines?: number;
  /** Records older than this (ns since the epoch) are skipped. */
  sinceNs?: bigint;
  timestamps?: boolean;
  limitBytes?: number;
  follow?: boolean;
}

/** What a follower needs to know about the run that writes the file. */
export interface LiveLog {
  /** True once nothing more will be appended (the process exited and its output was flushed). */
  isFinished(): boolean;
  /** Calls `listener` when the run finishes; returns an unsubscribe function. */
  onFinish(listener: () => void): () => void;
}

const chunkSize = 64 * 1024;
/** Re-check the file this often even without a change notification (the kubelet checks every second). */
const forceCheckMs = 1000;

class Wakeup {
  private pending = false;
  private wake: (() => void) | undefined;

  notify(): void {
    this.pending = true;
    this.wake?.();
  }

  async wait(ms: number, signal: AbortSignal): Promise<void> {
    if (!this.pending && !signal.aborted) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, ms);
        function done() {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          resolve();
        }
        this.wake = done;
        signal.addEventListener('abort', done, { once: true });
      });
      this.wake = undefined;
    }
    this.pending = false;
  }
}

/** Writes to `out`, waiting for 'drain' when it asks to; false once the reader is gone. */
async function writeOut(out: NodeJS.WritableStream, data: Buffer, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  if (out.write(data)) return true;
  await new Promise<void>((resolve) => {
    const done = () => {
      out.removeListener('drain', done);
      out.removeListener('close', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    out.once('drain', done);
    out.once('close', done);
    signal.addEventListener('abort', done, { once: true });
  });
  return !signal.aborted && out.writable;
}

/** Streams the log at `path` into `out`; resolves when done, when `signal` aborts, or when `out` closes. */
export async function readCriLog(
  path: string,
  options: ReadLogOptions,
  out: NodeJS.WritableStream,
  signal: AbortSignal,
  live?: LiveLog,
): Promise<void> {
  const liveLog = options.follow === true ? live : undefined;
  const follow = liveLog !== undefined;
  let file: FileHandle = await open(path, 'r');
  let position = options.tailLines !== undefined ? tailStartOffset(file.fd, options.tailLines) : 0;
  let linesLeft = options.tailLines !== undefined && !follow ? options.tailLines : Number.POSITIVE_INFINITY;
  let bytesLeft = options.limitBytes ?? Number.POSITIVE_INFINITY;
  let carry: Buffer = Buffer.alloc(0);
  const wakeup = new Wakeup();
  let watcher: FSWatcher | undefined;
  let unsubscribe: (() => void) | undefined;

  /** Writes one record line; false when reading must stop (a limit was reached or the reader left). */
  const emit = async (line: Buffer): Promise<boolean> => {
    if (linesLeft <= 0) return false;
    const record = parseCriRecord(line);
    if (!record) return true; // the kubelet skips lines it cannot parse
    if (options.sinceNs === undefined || record.timeNs >= options.sinceNs) {
      const parts: Buffer[] = [];
      if (options.timestamps) parts.push(Buffer.from(`${formatRfc3339NanoFixed(record.timeNs)} `));
      parts.push(record.content);
      if (!record.partial) parts.push(Buffer.from('\n'));
      let data = Buffer.concat(parts);
      if (data.length > bytesLeft) data = data.subarray(0, bytesLeft);
      bytesLeft -= data.length;
      if (!(await writeOut(out, data, signal))) return false;
      if (bytesLeft <= 0) return false;
    }
    linesLeft--;
    return linesLeft > 0;
  };

  const buffer = Buffer.alloc(chunkSize);
  /** Reads and emits up to the end of the file; false when reading must stop. */
  const drain = async (): Promise<boolean> => {
    for (;;) {
      if (signal.aborted) return false;
      const { bytesRead } = await file.read(buffer, 0, chunkSize, position);
      if (bytesRead === 0) return true;
      position += bytesRead;
      const data = carry.length > 0 ? Buffer.concat([carry, buffer.subarray(0, bytesRead)]) : buffer;
      const end = carry.length > 0 ? data.length : bytesRead;
      let start = 0;
      for (let nl = data.indexOf(0x0a, start); nl >= 0 && nl < end; nl = data.indexOf(0x0a, start)) {
        const line = data.subarray(start, nl + 1);
        start = nl + 1;
        if (!(await emit(line))) return false;
      }
      carry = Buffer.from(data.subarray(start, end));
    }
  };

  try {
    for (;;) {
      const finished = liveLog === undefined || liveLog.isFinished();
      if (!(await drain())) return;
      if (finished || liveLog === undefined) {
        // An unterminated last line is still shown, as the kubelet does.
        if (carry.length > 0) await emit(carry);
        return;
      }
      const current = await inode(path);
      const ours = (await file.stat()).ino;
      if (current !== undefined && current !== ours) {
        // Rotated: the writer closed the file before renaming it, so what it holds now is final; read the rest,
        // then go on with the file rotated after it, or the current one (a reader more than maxFiles rotations
        // behind loses lines).
        if (!(await drain())) return;
        const next = await openNext(path, nextInode(path, ours));
        if (next) {
          await file.close();
          file = next;
          position = 0;
          carry = Buffer.alloc(0);
          continue;
        }
      }
      if (!watcher) {
        try {
          watcher = watch(dirname(path), { persistent: false }, () => wakeup.notify());
          watcher.on('error', () => wakeup.notify());
        } catch {
          // No notifications: the periodic check still notices new records.
        }
        unsubscribe = liveLog.onFinish(() => wakeup.notify());
        continue; // read once more: something may have been written before the watch started
      }
      await wakeup.wait(forceCheckMs, signal);
    }
  } finally {
    watcher?.close();
    unsubscribe?.();
    await file.close();
  }
}
