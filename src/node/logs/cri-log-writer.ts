/**
 * Writes a container's stdout and stderr into its log file in the CRI format, the way containerd does: one `F`
 * record per line (a trailing `\r` dropped), lines longer than `maxLineBytes` cut into `P` records, and an
 * unterminated last line written as `P` when the stream ends. The file is rotated by size, as the kubelet's
 * container log manager does: the current file is renamed `<name>.<YYYYMMDD-hhmmss>` and a new one started,
 * keeping `maxFiles` files in all.
 */
import { closeSync, fstatSync, openSync, readdirSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { encodeCriRecord, type LogStream, nowNs } from './cri-log-format.js';

export interface LogRotation {
  /** Rotate when the current file would grow beyond this (the kubelet's `containerLogMaxSize`, 10Mi). */
  maxBytes: number;
  /** Files kept per container run, the current one included (the kubelet's `containerLogMaxFiles`). */
  maxFiles: number;
}

/** 10 MiB per file, the current file and one rotated file. */
export const defaultLogRotation: LogRotation = { maxBytes: 10 * 1024 * 1024, maxFiles: 2 };

/** containerd's default `max_container_log_line_size`. */
export const defaultMaxLineBytes = 16 * 1024;

/** Names of the rotated files of `path`, oldest first. */
export function rotatedFiles(path: string): string[] {
  const prefix = `${basename(path)}.`;
  let names: string[];
  try {
    names = readdirSync(dirname(path));
  } catch {
    return [];
  }
  // `<stamp>` or `<stamp>.<n>` for the n-th rotation within the same second.
  const key = (name: string): [string, number] => {
    const [stamp = '', n = '0'] = name.slice(prefix.length).split('.');
    return [stamp, Number(n)];
  };
  return names
    .filter((n) => n.startsWith(prefix))
    .map((n) => ({ n, k: key(n) }))
    .sort((a, b) => (a.k[0] < b.k[0] ? -1 : a.k[0] > b.k[0] ? 1 : a.k[1] - b.k[1]))
    .map(({ n }) => join(dirname(path), n));
}

function rotationSuffix(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return (
    `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-` +
    `${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`
  );
}

export class CriLogWriter {
  private fd: number | undefined;
  private size: number;
  private readonly pending: Record<LogStream, Buffer[]> = { stdout: [], stderr: [] };
  private readonly pendingBytes: Record<LogStream, number> = { stdout: 0, stderr: 0 };

  constructor(
    readonly path: string,
    private readonly rotation: LogRotation = defaultLogRotation,
    private readonly maxLineBytes = defaultMaxLineBytes,
  ) {
    this.fd = openSync(path, 'a');
    this.size = fstatSync(this.fd).size;
  }

  /** Appends output of one stream; complete lines are written at once, the rest waits for its newline. */
  write(stream: LogStream, chunk: Buffer): void {
    const records: Buffer[] = [];
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      if (nl < 0) break;
      let line = this.takePending(stream, chunk.subarray(start, nl));
      if (line.length > 0 && line[line.length - 1] === 0x0d) line = line.subarray(0, line.length - 1);
      this.cut(stream, line, records, true);
      start = nl + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      this.pending[stream].push(Buffer.from(rest));
      this.pendingBytes[stream] += rest.length;
      if (this.pendingBytes[stream] >= this.maxLineBytes) {
        const long = this.takePending(stream, Buffer.alloc(0));
        const keep = this.cut(stream, long, records, false);
        if (keep.length > 0) {
          this.pending[stream].push(keep);
          this.pendingBytes[stream] = keep.length;
        }
      }
    }
    this.append(records);
  }

  /** The stream reached EOF: an unterminated last line is written as a partial record (as containerd does). */
  endStream(stream: LogStream): void {
    if (this.pendingBytes[stream] === 0) return;
    const rest = this.takePending(stream, Buffer.alloc(0));
    this.append([encodeCriRecord(nowNs(), stream, true, rest)]);
  }

  /** Flushes both streams and closes the file. */
  close(): void {
    this.endStream('stdout');
    this.endStream('stderr');
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private takePending(stream: LogStream, tail: Buffer): Buffer {
    if (this.pendingBytes[stream] === 0) return tail;
    const all = Buffer.concat([...this.pending[stream], tail]);
    this.pending[stream] = [];
    this.pendingBytes[stream] = 0;
    return all;
  }

  /**
   * Emits `line` as records of at most maxLineBytes: all pieces partial but the last, which is full when
   * `complete`; otherwise a last piece shorter than the limit is returned to wait for more.
   */
  private cut(stream: LogStream, line: Buffer, records: Buffer[], complete: boolean): Buffer {
    const t = nowNs();
    let offset = 0;
    while (line.length - offset > this.maxLineBytes) {
      records.push(encodeCriRecord(t, stream, true, line.subarray(offset, offset + this.maxLineBytes)));
      offset += this.maxLineBytes;
    }
    const last = line.subarray(offset);
    if (complete) {
      records.push(encodeCriRecord(t, stream, false, last));
      return Buffer.alloc(0);
    }
    if (last.length === this.maxLineBytes) {
      records.push(encodeCriRecord(t, stream, true, last));
      return Buffer.alloc(0);
    }
    return Buffer.from(last);
  }

  private append(records: Buffer[]): void {
    if (records.length === 0 || this.fd === undefined) return;
    const data = records.length === 1 ? (records[0] as Buffer) : Buffer.concat(records);
    try {
      if (this.size > 0 && this.size + data.length > this.rotation.maxBytes) this.rotate();
      let written = 0;
      while (written < data.length) written += writeSync(this.fd, data, written);
      this.size += data.length;
    } catch {
      // Like containerd: keep draining the container's output even when the file cannot be written (e.g. the
      // pod's log directory was removed while a process still runs).
    }
  }

  private rotate(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
    // Rotations within the same second are numbered after the newest one, so names keep their order.
    const stamp = rotationSuffix(new Date());
    const newest =
      rotatedFiles(this.path)
        .at(-1)
        ?.slice(this.path.length + 1) ?? '';
    let target = `${this.path}.${stamp}`;
    if (newest.split('.')[0] === stamp) target += `.${Number(newest.split('.')[1] ?? '0') + 1}`;
    renameSync(this.path, target);
    const rotated = rotatedFiles(this.path);
    for (const old of rotated.slice(0, Math.max(0, rotated.length - (this.rotation.maxFiles - 1)))) {
      try {
        unlinkSync(old);
      } catch {
        // already gone
      }
    }
    this.fd = openSync(this.path, 'a');
    this.size = 0;
  }
}
