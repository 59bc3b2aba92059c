/**
 * Age formatting as kube-apiserver does it: apimachinery's `duration.HumanDuration` (about two significant
 * figures) behind the printers' `translateTimestampSince`, which prints `<unknown>` for a missing timestamp.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Milliseconds since the epoch of Go's zero `time.Time` (0001-01-01T00:00:00Z), which Kubernetes treats as unset. */
const GO_ZERO_TIME = Date.parse('0001-01-01T00:00:00Z');

/**
 * Parses an RFC 3339 timestamp (`metav1.Time` or `metav1.MicroTime`). Returns undefined where Go's `IsZero()`
 * would be true: missing, null, unparsable, or the zero time itself.
 */
export function parseTime(value: unknown): number | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || ms === GO_ZERO_TIME) return undefined;
  return ms;
}

/** `duration.HumanDuration` for a duration given in milliseconds. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(ms / MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(ms / HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) {
    const d = days % 365;
    return d === 0 ? `${years}y` : `${years}y${d}d`;
  }
  return `${years}y`;
}

/** The printers' `translateTimestampSince`: the age of a timestamp at `now`, or `<unknown>` when it is unset. */
export function translateTimestampSince(timestamp: unknown, now: Date): string {
  const ms = parseTime(timestamp);
  return ms === undefined ? '<unknown>' : humanDuration(now.getTime() - ms);
}
