/**
 * The informer's store (client-go's thread-safe store + Indexer): objects by `namespace/name` key with named
 * indexes kept current on every write. The built-in `namespace` index serves `list(namespace)`.
 */
import type { KubeObject } from '../api/object.js';
import type { ObjectKey } from './framework-types.js';

export type IndexFunc<T> = (obj: T) => string[];

export const namespaceIndex = 'namespace';

/** client-go's MetaNamespaceKeyFunc: `namespace/name`, or `name` for cluster-scoped objects. */
export function keyOf(obj: KubeObject): ObjectKey {
  const { namespace, name } = obj.metadata;
  return namespace ? `${namespace}/${name ?? ''}` : (name ?? '');
}

export class ObjectCache<T extends KubeObject> {
  private readonly items = new Map<ObjectKey, T>();
  private readonly indexers = new Map<string, IndexFunc<T>>();
  /** index name → index value → keys */
  private readonly indices = new Map<string, Map<string, Set<ObjectKey>>>();
  /** key → index name → the values the object was indexed under (so removal never re-runs an index function) */
  private readonly indexed = new Map<ObjectKey, Map<string, string[]>>();

  /** `onIndexError` hears about index functions that throw (the object is then left out of that index). */
  constructor(private readonly onIndexError: (index: string, key: ObjectKey, err: unknown) => void = () => {}) {
    this.addIndex(namespaceIndex, (obj) => [obj.metadata.namespace ?? '']);
  }

  /** Adds an index and fills it from the current objects. Index names are unique. */
  addIndex(name: string, fn: IndexFunc<T>): void {
    if (this.indexers.has(name)) throw new Error(`index ${JSON.stringify(name)} already exists`);
    this.indexers.set(name, fn);
    this.indices.set(name, new Map());
    for (const [key, obj] of this.items) this.indexOne(name, fn, key, obj);
  }

  get size(): number {
    return this.items.size;
  }

  get(key: ObjectKey): T | undefined {
    return this.items.get(key);
  }

  keys(): ObjectKey[] {
    return [...this.items.keys()];
  }

  values(): T[] {
    return [...this.items.values()];
  }

  byIndex(name: string, value: string): T[] {
    const index = this.indices.get(name);
    if (!index) throw new Error(`index ${JSON.stringify(name)} does not exist`);
    const keys = index.get(value);
    if (!keys) return [];
    return [...keys].map((k) => this.items.get(k)).filter((o): o is T => o !== undefined);
  }

  /** Stores `obj` under `key`; returns the previous object. */
  set(key: ObjectKey, obj: T): T | undefined {
    const old = this.items.get(key);
    this.unindex(key);
    this.items.set(key, obj);
    for (const [name, fn] of this.indexers) this.indexOne(name, fn, key, obj);
    return old;
  }

  /** Removes `key`; returns the object it held. */
  delete(key: ObjectKey): T | undefined {
    const old = this.items.get(key);
    if (!old) return undefined;
    this.unindex(key);
    this.items.delete(key);
    return old;
  }

  private indexOne(name: string, fn: IndexFunc<T>, key: ObjectKey, obj: T): void {
    let values: string[];
    try {
      values = [...new Set(fn(obj))];
    } catch (err) {
      this.onIndexError(name, key, err);
      return;
    }
    const index = this.indices.get(name);
    if (!index) return;
    for (const value of values) {
      let keys = index.get(value);
      if (!keys) {
        keys = new Set();
        index.set(value, keys);
      }
      keys.add(key);
    }
    let byName = this.indexed.get(key);
    if (!byName) {
      byName = new Map();
      this.indexed.set(key, byName);
    }
    byName.set(name, values);
  }

  private unindex(key: ObjectKey): void {
    const byName = this.indexed.get(key);
    if (!byName) return;
    this.indexed.delete(key);
    for (const [name, values] of byName) {
      const index = this.indices.get(name);
      for (const value of values) {
        const keys = index?.get(value);
        keys?.delete(key);
        if (keys?.size === 0) index?.delete(value);
      }
    }
  }
}
