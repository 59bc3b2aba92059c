/**
 * The generations of the slices this controller wrote, per Service (eps `util/endpointslice_tracker.go`):
 * tells the slice changes we caused from the ones someone else made, which need a resync.
 */
import type { EndpointSlice } from './kinds.js';
import { serviceKeyOfSlice } from './slice-meta.js';

const deletionExpected = -1;

export class SliceGenerations {
  private readonly byService = new Map<string, Map<string, number>>();

  private forSlice(slice: EndpointSlice, create: boolean): Map<string, number> | undefined {
    const key = serviceKeyOfSlice(slice) ?? `${slice.metadata.namespace ?? ''}/`;
    let m = this.byService.get(key);
    if (m === undefined && create) {
      m = new Map();
      this.byService.set(key, m);
    }
    return m;
  }

  /** Records the generation of a slice we created or updated. */
  update(slice: EndpointSlice): void {
    this.forSlice(slice, true)?.set(slice.metadata.uid ?? '', slice.metadata.generation ?? 0);
  }

  /** Records that we deleted a slice. */
  expectDeletion(slice: EndpointSlice): void {
    this.forSlice(slice, true)?.set(slice.metadata.uid ?? '', deletionExpected);
  }

  has(slice: EndpointSlice): boolean {
    return this.forSlice(slice, false)?.has(slice.metadata.uid ?? '') ?? false;
  }

  /** True for a slice we did not write, or one changed since we wrote it. */
  shouldSync(slice: EndpointSlice): boolean {
    const g = this.forSlice(slice, false)?.get(slice.metadata.uid ?? '');
    return g === undefined || (slice.metadata.generation ?? 0) > g;
  }

  /**
   * Forgets a deleted slice; false when we did not delete it ourselves. (Upstream also ignores deletions of
   * slices it never wrote, which leaves a Service without its slice until something else changes.)
   */
  handleDeletion(slice: EndpointSlice): boolean {
    const m = this.forSlice(slice, false);
    const uid = slice.metadata.uid ?? '';
    const g = m?.get(uid);
    m?.delete(uid);
    return g === deletionExpected;
  }

  deleteService(namespace: string, name: string): void {
    this.byService.delete(`${namespace}/${name}`);
  }
}
