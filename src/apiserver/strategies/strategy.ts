import type { KubeObject } from '../../api/object.js';
import type { ResourceInfo } from '../../api/registry.js';
import type { Store } from '../../storage/store.js';

/** What a strategy may use besides the object: the store for lookups (admission), the clock. */
export interface StrategyContext {
  store: Store;
  now: Date;
  info: ResourceInfo;
  /** The storage key of an object of this resource. */
  key(obj: KubeObject): string;
}

export interface DeleteRequest {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
}

/**
 * Per-resource behaviour of the generic registry, modelled on kube-apiserver's RESTCreateStrategy /
 * RESTUpdateStrategy / RESTDeleteStrategy. Every hook is optional; the defaults are the generic behaviour.
 */
export interface Strategy {
  /** The kind has a `/status` subresource: status is ignored on main-resource writes and spec on status writes. */
  statusSubresource: boolean;
  /** `metadata.generation` starts at 1 and is bumped when anything but metadata and status changes. */
  tracksGeneration: boolean;
  /** PUT of a missing object creates it (Endpoints, Leases, Events ... in Kubernetes). */
  allowCreateOnUpdate: boolean;
  /** Creates and updates of this resource run one at a time (allocation followed by the write that records it). */
  serializeWrites?: boolean;
  /** Called before defaulting and validation on create (clear status, initial status ...). */
  prepareForCreate?(obj: KubeObject, ctx: StrategyContext): void;
  /** Called before validation on update of the main resource. */
  prepareForUpdate?(obj: KubeObject, old: KubeObject, ctx: StrategyContext): void;
  /** Admission after validation: allocate addresses, check references. May throw StatusError. */
  admitCreate?(obj: KubeObject, ctx: StrategyContext): Promise<void>;
  admitUpdate?(obj: KubeObject, old: KubeObject, ctx: StrategyContext): Promise<void>;
  /**
   * Graceful deletion: the grace period to apply, or 0 to delete at once. Only kinds that are torn down by
   * another component (pods) implement it.
   */
  gracePeriodSeconds?(obj: KubeObject, request: DeleteRequest): number;
  /** Called when deletion begins (e.g. a namespace turns Terminating). */
  prepareForDelete?(obj: KubeObject, ctx: StrategyContext): void;
  /**
   * Deletion waits for a component besides finalizers (a namespace's `spec.finalizers`). The default holds
   * while a graceful deletion period is set (pods, until the node agent confirms with grace 0).
   */
  holdsDeletion?(obj: KubeObject): boolean;
  /** Checks a delete before it happens (e.g. the default namespace may not be deleted). */
  validateDelete?(obj: KubeObject): void;
}

export const genericStrategy: Strategy = {
  statusSubresource: false,
  tracksGeneration: false,
  allowCreateOnUpdate: false,
};
