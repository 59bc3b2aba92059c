/**
 * The JSON forms Go gives to Kubernetes' special types: metav1.Time (RFC 3339, seconds), metav1.MicroTime
 * (RFC 3339 with microseconds), metav1.Duration (`1h2m3.5s`).
 */

/** `2024-05-06T07:08:09Z`, or with `micro` `2024-05-06T07:08:09.123456Z` (always UTC, as Go writes them). */
export function formatTime(seconds: number, nanos: number, micro = false): string {
  const iso = new Date(seconds * 1000).toISOString();
  const base = iso.slice(0, 19);
  if (!micro) return `${base}Z`;
  const us = Math.floor(nanos / 1000)
    .toString()
    .padStart(6, '0');
  return `${base}.${us}Z`;
}

function trimFraction(whole: bigint, frac: bigint, digits: number): string {
  if (frac === 0n) return whole.toString();
  const f = frac.toString().padStart(digits, '0').replace(/0+$/, '');
  return `${whole}.${f}`;
}

/** Go's time.Duration.String() of a nanosecond count. */
export function formatDuration(nanoseconds: bigint): string {
  if (nanoseconds === 0n) return '0s';
  const negative = nanoseconds < 0n;
  let d = negative ? -nanoseconds : nanoseconds;
  const sign = negative ? '-' : '';
  if (d < 1000n) return `${sign}${d}ns`;
  if (d < 1_000_000n) return `${sign}${trimFraction(d / 1000n, d % 1000n, 3)}µs`;
  if (d < 1_000_000_000n) return `${sign}${trimFraction(d / 1_000_000n, d % 1_000_000n, 6)}ms`;
  const hours = d / 3_600_000_000_000n;
  d -= hours * 3_600_000_000_000n;
  const minutes = d / 60_000_000_000n;
  d -= minutes * 60_000_000_000n;
  const seconds = trimFraction(d / 1_000_000_000n, d % 1_000_000_000n, 9);
  let out = `${seconds}s`;
  if (hours > 0n) out = `${hours}h${minutes}m${out}`;
  else if (minutes > 0n) out = `${minutes}m${out}`;
  return sign + out;
}
