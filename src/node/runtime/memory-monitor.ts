/**
 * Enforces memory limits the way a cgroup's OOM killer would look from outside: every `intervalMs` the resident
 * memory of each watched process group (the sum over its processes) is compared with its limit, and the watcher's
 * callback runs once when it is above. One timer and one /proc scan per tick serve all groups.
 */
import { type GroupScanner, readRssBytes } from './proc-fs.js';

interface Watch {
  pgid: number;
  limitBytes: number;
  onExceeded: (rssBytes: number) => void;
}

export class MemoryMonitor {
  private readonly watches = new Set<Watch>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly scanner: GroupScanner,
    private readonly intervalMs = 250,
  ) {}

  /** Watches a group; returns the function that stops watching it. */
  watch(pgid: number, limitBytes: number, onExceeded: (rssBytes: number) => void): () => void {
    const w: Watch = { pgid, limitBytes, onExceeded };
    this.watches.add(w);
    if (!this.timer) {
      this.timer = setInterval(() => this.check(), this.intervalMs);
      this.timer.unref();
    }
    return () => this.unwatch(w);
  }

  stop(): void {
    this.watches.clear();
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private unwatch(w: Watch): void {
    this.watches.delete(w);
    if (this.watches.size === 0) this.stop();
  }

  private check(): void {
    if (this.watches.size === 0) return;
    const members = this.scanner.members(new Set([...this.watches].map((w) => w.pgid)));
    for (const w of [...this.watches]) {
      const rss = (members.get(w.pgid) ?? []).reduce((sum, pid) => sum + (readRssBytes(pid) ?? 0), 0);
      if (rss > w.limitBytes) {
        this.unwatch(w);
        w.onExceeded(rss);
      }
    }
  }
}
