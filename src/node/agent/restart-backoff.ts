/**
 * The kubelet's per-container restart backoff (client-go `flowcontrol.Backoff` as `doBackOff` uses it): the
 * first restart after an exit is immediate and arms 10 s; an exit within the current backoff waits for it, and
 * each restart doubles it up to 300 s; an exit more than twice the maximum after the last restart (a container
 * that ran 10 minutes) starts over. The same shape paces image pulls (ImagePullBackOff).
 */

export interface RestartBackoffOptions {
  /** Default 10 s. */
  initialMs?: number;
  /** Default 300 s. */
  maxMs?: number;
  now?: () => number;
}

interface Entry {
  backoffMs: number;
  lastUpdate: number;
}

export class RestartBackoff {
  readonly initialMs: number;
  readonly maxMs: number;
  private readonly now: () => number;
  private readonly entries = new Map<string, Entry>();

  constructor(options: RestartBackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 10_000;
    this.maxMs = options.maxMs ?? 300_000;
    this.now = options.now ?? Date.now;
  }

  private expired(entry: Entry, eventTime: number): boolean {
    return eventTime - entry.lastUpdate > this.maxMs * 2;
  }

  /** Whether a restart after an event (an exit) at `eventTime` must still wait. */
  inBackoffSince(key: string, eventTime: number): boolean {
    const entry = this.entries.get(key);
    if (!entry || this.expired(entry, eventTime)) return false;
    return this.now() - eventTime < entry.backoffMs;
  }

  /** When the backoff of an event at `eventTime` ends (ms since the epoch); `eventTime` when not backing off. */
  readyAt(key: string, eventTime: number): number {
    const entry = this.entries.get(key);
    if (!entry || this.expired(entry, eventTime)) return eventTime;
    return eventTime + entry.backoffMs;
  }

  /** Records a restart made for an event at `eventTime`: arms or doubles the backoff. */
  next(key: string, eventTime: number): void {
    const entry = this.entries.get(key);
    if (!entry || this.expired(entry, eventTime)) {
      this.entries.set(key, { backoffMs: this.initialMs, lastUpdate: this.now() });
      return;
    }
    entry.backoffMs = Math.min(entry.backoffMs * 2, this.maxMs);
    entry.lastUpdate = this.now();
  }

  /** The current backoff of `key` (0 when none). */
  get(key: string): number {
    return this.entries.get(key)?.backoffMs ?? 0;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Forgets every key starting with `prefix` (a pod's containers). */
  deletePrefix(prefix: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }
}

function trimFraction(n: number, digits: number): string {
  return n.toFixed(digits).replace(/\.?0+$/, '');
}

/** A duration as Go's `time.Duration.String()` prints it: `0s`, `250ms`, `1.5s`, `1m20s`, `5m0s`, `1h0m0s`. */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  if (abs < 1) return `${sign}${trimFraction(abs * 1000, 3)}µs`;
  if (abs < 1000) return `${sign}${trimFraction(abs, 3)}ms`;
  const hours = Math.floor(abs / 3_600_000);
  const minutes = Math.floor((abs % 3_600_000) / 60_000);
  const seconds = trimFraction((abs % 60_000) / 1000, 3);
  if (hours > 0) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}
