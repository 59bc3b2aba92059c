/**
 * Keys waiting for a time (client-go's delaying queue heap): the earliest first; adding a key already waiting
 * keeps the earlier of the two times.
 */

interface Entry {
  key: string;
  readyAt: number;
  /** Insertion order, so keys ready at the same time leave in the order they came. */
  seq: number;
}

export class DelayHeap {
  private heap: Entry[] = [];
  private readonly byKey = new Map<string, Entry>();
  private seq = 0;

  get size(): number {
    return this.byKey.size;
  }

  /** Schedules `key` at `readyAt` unless it already waits for an earlier time. */
  push(key: string, readyAt: number): void {
    const existing = this.byKey.get(key);
    if (existing && existing.readyAt <= readyAt) return;
    const entry = { key, readyAt, seq: this.seq++ };
    // An entry replaced here stays in the heap but is skipped when it surfaces (lazy deletion).
    this.byKey.set(key, entry);
    this.heap.push(entry);
    this.up(this.heap.length - 1);
  }

  /** The earliest ready time, if any key waits. */
  peekTime(): number | undefined {
    this.dropStale();
    return this.heap[0]?.readyAt;
  }

  /** Removes and returns the keys ready at `now`, earliest first. */
  popReady(now: number): string[] {
    const out: string[] = [];
    for (;;) {
      this.dropStale();
      const top = this.heap[0];
      if (!top || top.readyAt > now) return out;
      this.pop();
      this.byKey.delete(top.key);
      out.push(top.key);
    }
  }

  clear(): void {
    this.heap = [];
    this.byKey.clear();
  }

  private dropStale(): void {
    while (this.heap.length > 0 && this.byKey.get((this.heap[0] as Entry).key) !== this.heap[0]) this.pop();
  }

  private less(a: number, b: number): boolean {
    const x = this.heap[a] as Entry;
    const y = this.heap[b] as Entry;
    return x.readyAt < y.readyAt || (x.readyAt === y.readyAt && x.seq < y.seq);
  }

  private swap(a: number, b: number): void {
    const t = this.heap[a] as Entry;
    this.heap[a] = this.heap[b] as Entry;
    this.heap[b] = t;
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private pop(): void {
    const last = this.heap.pop();
    if (this.heap.length === 0 || !last) return;
    this.heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let smallest = i;
      if (l < this.heap.length && this.less(l, smallest)) smallest = l;
      if (r < this.heap.length && this.less(r, smallest)) smallest = r;
      if (smallest === i) return;
      this.swap(i, smallest);
      i = smallest;
    }
  }
}
