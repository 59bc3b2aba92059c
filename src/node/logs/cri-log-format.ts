/**
 * The CRI container log format the kubelet reads (what containerd writes):
 * `2026-11-26T09:00:00.123456789Z stdout F <line>` — an RFC3339Nano timestamp (trailing zeros trimmed, as Go's
 * `time.RFC3339Nano`), the stream, a tag (`F` a full line, `P` a part of a longer or unterminated line), the content.
 * Timestamps are kept as nanoseconds since the epoch (bigint) so no precision is lost.
 */

export type LogStream = 'stdout' | 'stderr';

export interface CriRecord {
  /** Nanoseconds since the Unix epoch. */
  timeNs: bigint;
  stream: LogStream;
  /** `P`: the content continues in the next record (no newline after it). */
  partial: boolean;
  /** The content, without the record's newline. */
  content: Buffer;
}

const nsPerMs = 1_000_000n;
const nsPerSecond = 1_000_000_000n;
/** Wall clock at start-up plus the monotonic clock since: nanosecond resolution, never going backwards. */
const clockBase = BigInt(Date.now()) * nsPerMs - process.hrtime.bigint();

/** The current time in nanoseconds since the epoch. */
export function nowNs(): bigint {
  return clockBase + process.hrtime.bigint();
}

export function dateToNs(d: Date): bigint {
  return BigInt(d.getTime()) * nsPerMs;
}

function isoSeconds(ns: bigint): { seconds: string; fraction: string } {
  const ms = Number(ns / nsPerMs);
  const iso = new Date(ms).toISOString(); // 2026-11-26T09:00:00.123Z
  const frac = ((ns % nsPerSecond) + nsPerSecond) % nsPerSecond;
  return { seconds: iso.slice(0, 19), fraction: frac.toString().padStart(9, '0') };
}

/** Go's `time.RFC3339Nano` in UTC: the fraction without trailing zeros (none at all when zero). */
export function formatRfc3339Nano(ns: bigint): string {
  const { seconds, fraction } = isoSeconds(ns);
  const trimmed = fraction.replace(/0+$/, '');
  return trimmed ? `${seconds}.${trimmed}Z` : `${seconds}Z`;
}

/** Kubernetes' `RFC3339NanoFixed` (always nine digits), the format `kubectl logs --timestamps` shows. */
export function formatRfc3339NanoFixed(ns: bigint): string {
  const { seconds, fraction } = isoSeconds(ns);
  return `${seconds}.${fraction}Z`;
}

const timestampPattern = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/** Parses an RFC3339 timestamp with an optional fraction of up to nine digits; undefined when malformed. */
export function parseRfc3339(text: string): bigint | undefined {
  const m = timestampPattern.exec(text);
  if (!m) return undefined;
  const base = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(base)) return undefined;
  return BigInt(base) * nsPerMs + BigInt((m[2] ?? '').padEnd(9, '0'));
}

/** One CRI record line, newline included. */
export function encodeCriRecord(timeNs: bigint, stream: LogStream, partial: boolean, content: Buffer): Buffer {
  const head = Buffer.from(`${formatRfc3339Nano(timeNs)} ${stream} ${partial ? 'P' : 'F'} `, 'latin1');
  return Buffer.concat([head, content, newline]);
}

const newline = Buffer.from('\n');

/** Parses one record line (with or without its newline); undefined when it is not in the CRI format. */
export function parseCriRecord(line: Buffer): CriRecord | undefined {
  let end = line.length;
  if (end > 0 && line[end - 1] === 0x0a) end--;
  const sp1 = line.indexOf(0x20);
  if (sp1 < 0 || sp1 > end) return undefined;
  const timeNs = parseRfc3339(line.toString('latin1', 0, sp1));
  if (timeNs === undefined) return undefined;
  const sp2 = line.indexOf(0x20, sp1 + 1);
  if (sp2 < 0 || sp2 > end) return undefined;
  const stream = line.toString('latin1', sp1 + 1, sp2);
  if (stream !== 'stdout' && stream !== 'stderr') return undefined;
  const sp3 = line.indexOf(0x20, sp2 + 1);
  if (sp3 < 0 || sp3 > end) return undefined;
  // Tags are `:`-separated and only the first is meaningful today (forward compatible, as the kubelet reads them).
  const tag = line.toString('latin1', sp2 + 1, sp3).split(':')[0];
  return { timeNs, stream, partial: tag === 'P', content: line.subarray(sp3 + 1, end) };
}
