/**
 * What this controller wrote that its informer may not show yet. Upstream returns a "stale informer cache"
 * error and retries after a backoff (`EndpointSliceTracker.StaleSlices`, `staleEndpointsTracker`); reading
 * through our own writes instead lets two changes in quick succession be written back to back, without
 * waiting for the watch to catch up.
 */
import type { KubeObject } from '../../api/object.js';
import { objectKey } from './service-membership.js';

interface Entry<T> {
  uid: string;
  /** The object as the server returned it; undefined once deleted. */
  obj: T | undefined;
  /** Resource versions older than `obj` (the ones our writes replaced). */
  superseded: Set<string>;
}

export class RecentWrites<T extends KubeObject> {
  private readonly entries = new Map<string, Entry<T>>();

  /** Records a create (`previous` undefined) or an update of `previous` that the server answered with `written`. */
  wrote(previous: T | undefined, written: T): void {
    const key = objectKey(written);
    const uid = written.metadata.uid ?? '';
    const prior = this.entries.get(key);
    const superseded = prior?.uid === uid ? prior.superseded : new Set<string>();
    if (prior?.uid === uid && prior.obj?.metadata.resourceVersion) superseded.add(prior.obj.metadata.resourceVersion);
    if (previous?.metadata.resourceVersion) superseded.add(previous.metadata.resourceVersion);
    this.entries.set(key, { uid, obj: written, superseded });
  }

  /** Records a delete of `obj` (the version that was deleted). */
  deleted(obj: T): void {
    const key = objectKey(obj);
    const uid = obj.metadata.uid ?? '';
    const prior = this.entries.get(key);
    const superseded = prior?.uid === uid ? prior.superseded : new Set<string>();
    if (prior?.uid === uid && prior.obj?.metadata.resourceVersion) superseded.add(prior.obj.metadata.resourceVersion);
    if (obj.metadata.resourceVersion) superseded.add(obj.metadata.resourceVersion);
    this.entries.set(key, { uid, obj: undefined, superseded });
  }

  /**
   * The freshest state of the object the informer shows as `cached` (undefined: absent): our write when the
   * informer still has a version it replaced, or a create it has not seen yet; otherwise the informer's.
   */
  resolve(key: string, cached: T | undefined): T | undefined {
    const e = this.entries.get(key);
    if (e === undefined) return cached;
    if (cached === undefined) return e.obj;
    if ((cached.metadata.uid ?? '') !== e.uid) return cached;
    if (e.superseded.has(cached.metadata.resourceVersion ?? '')) return e.obj;
    this.entries.delete(key);
    return cached;
  }

  /** Objects we created or updated that match `filter` (for lists: add those the informer lacks). */
  written(filter: (obj: T) => boolean): T[] {
    const out: T[] = [];
    for (const e of this.entries.values()) if (e.obj !== undefined && filter(e.obj)) out.push(e.obj);
    return out;
  }

  /** The informer delivered `obj`: forget our write once the informer has it or something newer. */
  observed(obj: T): void {
    const key = objectKey(obj);
    const e = this.entries.get(key);
    if (e?.uid === (obj.metadata.uid ?? '') && !e.superseded.has(obj.metadata.resourceVersion ?? '')) {
      this.entries.delete(key);
    }
  }

  /** The informer delivered the deletion of `obj`. */
  observedDelete(obj: T): void {
    const key = objectKey(obj);
    if (this.entries.get(key)?.uid === (obj.metadata.uid ?? '')) this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
