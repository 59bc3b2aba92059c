/**
 * Key ranges for prefix scans. Keys are plain strings compared by code point (which is also SQLite's BINARY
 * order on UTF-8); for keys made of BMP characters below U+D800, as all Kubernetes keys are, that is the same
 * as JavaScript's `<`.
 */

/** The range of keys that start with `prefix` and sort after `startAfter` (when given). */
export interface KeyRange {
  /** Lower bound. */
  lower: string;
  /** Whether `lower` itself is in the range (false when it is a `startAfter` key). */
  inclusive: boolean;
  /** Exclusive upper bound; undefined when unbounded (empty prefix). */
  upper: string | undefined;
}

export function keyRange(prefix: string, startAfter?: string): KeyRange {
  const upper = prefixEnd(prefix);
  if (startAfter !== undefined && startAfter >= prefix) return { lower: startAfter, inclusive: false, upper };
  return { lower: prefix, inclusive: true, upper };
}

/** The smallest string greater than every string that starts with `prefix`; undefined for the empty prefix. */
export function prefixEnd(prefix: string): string | undefined {
  const points = Array.from(prefix);
  while (points.length > 0) {
    const last = points.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) {
      // Skip the surrogate block: those code points cannot be encoded on their own.
      const next = last + 1 === 0xd800 ? 0xe000 : last + 1;
      return points.join('') + String.fromCodePoint(next);
    }
  }
  return undefined;
}

/** Throws unless `key` can be stored: a non-empty string. */
export function assertKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0) throw new TypeError('storage key must be a non-empty string');
}
