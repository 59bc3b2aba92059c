import type { KeyRange } from './key-range.js';

/** A sorted set of keys (binary search over an array), for the memory store's ordered scans. */
export class SortedKeys {
  private readonly keys: string[] = [];

  get size(): number {
    return this.keys.length;
  }

  insert(key: string): void {
    const index = this.lowerBound(key);
    if (this.keys[index] !== key) this.keys.splice(index, 0, key);
  }

  remove(key: string): void {
    const index = this.lowerBound(key);
    if (this.keys[index] === key) this.keys.splice(index, 1);
  }

  /** Keys in `range`, in order. */
  *scan(range: KeyRange): Generator<string> {
    let index = this.lowerBound(range.lower);
    if (!range.inclusive && this.keys[index] === range.lower) index++;
    for (; index < this.keys.length; index++) {
      const key = this.keys[index]!;
      if (range.upper !== undefined && key >= range.upper) return;
      yield key;
    }
  }

  /** Index of the first key >= `key`. */
  private lowerBound(key: string): number {
    let low = 0;
    let high = this.keys.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.keys[mid]! < key) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
