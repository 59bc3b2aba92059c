/**
 * The generic REST storage of one resource (kube-apiserver's genericregistry.Store): metadata bookkeeping,
 * defaulting, validation, admission, optimistic concurrency, graceful deletion and finalizers, over the Store.
 */
import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../api/object.js';
import { apiVersionOf, findResource, type ResourceInfo, storageKey, storagePrefix } from '../api/registry.js';
import {
  alreadyExists,
  badRequest,
  conflict,
  type GroupResource,
  invalid,
  notFound,
  StatusError,
} from '../api/status-error.js';
import { type KeyValue, PreconditionFailedError, type Store } from '../storage/store.js';
import { applyDefaults } from './defaults/index.js';
import { generateName } from './names.js';
import {
  cloneJson,
  decodeFromStorage,
  encodeForStorage,
  formatTimestamp,
  jsonEqual,
  specPart,
} from './object-codec.js';
import type { DeleteRequest, Strategy, StrategyContext } from './strategies/strategy.js';
import { validateCreate, validateStatusUpdate, validateUpdate } from './validation/index.js';

export interface WriteOptions {
  dryRun?: boolean;
  fieldManager?: string;
}

export interface DeleteOptions extends DeleteRequest, WriteOptions {
  preconditions?: { uid?: string; resourceVersion?: string };
}

export interface DeleteResult {
  object: KubeObject;
  /** False when the object still exists, waiting for finalizers or graceful termination. */
  deleted: boolean;
}

/** Hook that records managedFields for a write (server-side apply bookkeeping); installed by the server. */
export type ManagedFieldsRecorder = (
  old: KubeObject | undefined,
  obj: KubeObject,
  manager: string,
  now: Date,
  subresource: string | undefined,
) => void;

export interface RegistryDeps {
  store: Store;
  now: () => Date;
  strategy: Strategy;
  recordManagedFields?: ManagedFieldsRecorder;
}

const maxConflictRetries = 10;
const namespaceInfo = findResource('', 'v1', 'namespaces')!;

export class ResourceRegistry {
  readonly gr: GroupResource;

  constructor(
    readonly info: ResourceInfo,
    private readonly deps: RegistryDeps,
  ) {
    this.gr = { group: info.group, resource: info.resource };
  }

  get store(): Store {
    return this.deps.store;
  }

  get strategy(): Strategy {
    return this.deps.strategy;
  }

  key(namespace: string, name: string): string {
    return storageKey(this.info, namespace, name);
  }

  /** The prefix of a namespace's objects (or of all objects when namespace is empty). */
  prefix(namespace: string): string {
    return this.info.namespaced && namespace ? `${storagePrefix(this.info)}${namespace}/` : storagePrefix(this.info);
  }

  decode(kv: KeyValue, revision?: number): KubeObject {
    return decodeFromStorage(this.info, kv, revision);
  }

  private ctx(): StrategyContext {
    return {
      store: this.deps.store,
      now: this.deps.now(),
      info: this.info,
      key: (obj) => this.key(obj.metadata.namespace ?? '', obj.metadata.name ?? ''),
    };
  }

  private queue: Promise<unknown> = Promise.resolve();

  /** Runs a write alone when the strategy asks for it (allocators), else at once. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.strategy.serializeWrites) return fn();
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  async get(namespace: string, name: string): Promise<KubeObject> {
    const kv = await this.deps.store.get(this.key(namespace, name));
    if (!kv) throw notFound(this.gr, name);
    return this.decode(kv);
  }

  async tryGet(namespace: string, name: string): Promise<KubeObject | undefined> {
    const kv = await this.deps.store.get(this.key(namespace, name));
    return kv ? this.decode(kv) : undefined;
  }

  private checkNamespaceField(obj: KubeObject, namespace: string): void {
    const meta = obj.metadata;
    if (!this.info.namespaced) {
      delete meta.namespace;
      return;
    }
    if (meta.namespace && meta.namespace !== namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    meta.namespace = namespace;
  }

  private async admitNamespace(namespace: string): Promise<void> {
    if (!this.info.namespaced) return;
    const kv = await this.deps.store.get(storageKey(namespaceInfo, '', namespace));
    if (!kv) throw notFound({ group: '', resource: 'namespaces' }, namespace);
    const ns = JSON.parse(kv.value) as KubeObject;
    if (ns.metadata.deletionTimestamp) {
      throw new StatusError(
        'Forbidden',
        `${this.info.resource}${this.info.group ? `.${this.info.group}` : ''} "${ns.metadata.name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
        {
          name: namespace,
          kind: this.info.resource,
          causes: [
            {
              reason: 'NamespaceTerminating',
              message: `namespace ${namespace} is being terminated`,
              field: 'metadata.namespace',
            },
          ],
        },
      );
    }
  }

  private throwIfInvalid(obj: KubeObject, errors: ReturnType<typeof validateCreate>): void {
    if (errors.length > 0) throw invalid(this.info.group, this.info.kind, obj.metadata.name ?? '', errors);
  }

  create(namespace: string, input: KubeObject, opts: WriteOptions = {}): Promise<KubeObject> {
    return this.exclusive(() => this.createNow(namespace, input, opts));
  }

  private async createNow(namespace: string, input: KubeObject, opts: WriteOptions): Promise<KubeObject> {
    const obj = cloneJson(input);
    obj.metadata ??= {};
    this.checkNamespaceField(obj, namespace);
    const ctx = this.ctx();
    const meta = obj.metadata;
    const generatedName = !meta.name && meta.generateName !== undefined && meta.generateName !== '';
    if (generatedName) meta.name = generateName(meta.generateName!);
    meta.uid = randomUUID();
    meta.creationTimestamp = formatTimestamp(ctx.now);
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    if (this.strategy.tracksGeneration) meta.generation = 1;
    else delete meta.generation;
    obj.apiVersion = apiVersionOf(this.info);
    obj.kind = this.info.kind;
    applyDefaults(this.info, obj, 'create');
    this.strategy.prepareForCreate?.(obj, ctx);
    // As kube-apiserver's BeginCreate: namespace admission and allocation (ClusterIPs) come before validation.
    await this.admitNamespace(namespace);
    await this.strategy.admitCreate?.(obj, ctx);
    this.throwIfInvalid(obj, validateCreate(this.info, obj));
    if (opts.fieldManager) this.deps.recordManagedFields?.(undefined, obj, opts.fieldManager, ctx.now, undefined);
    if (opts.dryRun) {
      if (await this.deps.store.get(this.key(namespace, meta.name ?? '')))
        throw alreadyExists(this.gr, meta.name ?? '');
      return obj;
    }
    try {
      const kv = await this.deps.store.create(this.key(namespace, meta.name ?? ''), encodeForStorage(obj));
      return this.decode(kv);
    } catch (err) {
      if (err instanceof PreconditionFailedError) {
        if (generatedName) {
          throw new StatusError(
            'AlreadyExists',
            `${this.info.resource} "${meta.name}" already exists, the server was not able to generate a unique name for the object`,
            { name: meta.name ?? '', kind: this.info.resource },
          );
        }
        throw alreadyExists(this.gr, meta.name ?? '');
      }
      throw err;
    }
  }

  /**
   * PUT semantics: replaces the object (or its status), with optimistic concurrency when the body carries a
   * resourceVersion. Writes nothing (and keeps the resourceVersion) when nothing changes.
   */
  async update(
    namespace: string,
    name: string,
    input: KubeObject,
    opts: WriteOptions & { subresource?: string } = {},
  ): Promise<{ object: KubeObject; created: boolean }> {
    const body = cloneJson(input);
    body.metadata ??= {};
    if (body.metadata.name && body.metadata.name !== name) {
      throw badRequest(`the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`);
    }
    body.metadata.name = name;
    this.checkNamespaceField(body, namespace);
    const key = this.key(namespace, name);
    const kv = await this.deps.store.get(key);
    if (!kv) {
      if (!this.strategy.allowCreateOnUpdate || opts.subresource) throw notFound(this.gr, name);
      return { object: await this.create(namespace, body, opts), created: true };
    }
    const current = this.decode(kv);
    const expected = body.metadata.resourceVersion;
    if (expected !== undefined && expected !== '' && expected !== current.metadata.resourceVersion) {
      throw conflict(this.gr, name);
    }
    const object = await this.writeUpdate(current, kv, body, opts);
    return { object, created: false };
  }

  /**
   * Read-modify-write with automatic retry on conflicting concurrent writes (patch). `mutate` receives the
   * current object (or undefined) and returns the desired one; returning `{ create }` for a missing object
   * creates it (server-side apply).
   */
  async guaranteedUpdate(
    namespace: string,
    name: string,
    mutate: (current: KubeObject | undefined) => KubeObject,
    opts: WriteOptions & { subresource?: string; createIfMissing?: boolean } = {},
  ): Promise<{ object: KubeObject; created: boolean }> {
    for (let attempt = 0; ; attempt++) {
      const key = this.key(namespace, name);
      const kv = await this.deps.store.get(key);
      if (!kv) {
        if (!opts.createIfMissing) throw notFound(this.gr, name);
        const desired = mutate(undefined);
        desired.metadata ??= {};
        desired.metadata.name = name;
        return { object: await this.create(namespace, desired, opts), created: true };
      }
      const current = this.decode(kv);
      const desired = mutate(cloneJson(current));
      desired.metadata ??= {};
      if (desired.metadata.name !== undefined && desired.metadata.name !== name) {
        throw badRequest(
          `the name of the object (${desired.metadata.name}) does not match the name on the URL (${name})`,
        );
      }
      desired.metadata.name = name;
      this.checkNamespaceField(desired, namespace);
      const expected = desired.metadata.resourceVersion;
      if (expected !== undefined && expected !== '' && expected !== current.metadata.resourceVersion) {
        throw conflict(this.gr, name);
      }
      try {
        return { object: await this.writeUpdate(current, kv, desired, opts), created: false };
      } catch (err) {
        if (err instanceof StatusError && err.reason === 'Conflict' && attempt < maxConflictRetries && !expected)
          continue;
        throw err;
      }
    }
  }

  private writeUpdate(
    current: KubeObject,
    kv: KeyValue,
    body: KubeObject,
    opts: WriteOptions & { subresource?: string },
  ): Promise<KubeObject> {
    return this.exclusive(() => this.writeUpdateNow(current, kv, body, opts));
  }

  private async writeUpdateNow(
    current: KubeObject,
    kv: KeyValue,
    body: KubeObject,
    opts: WriteOptions & { subresource?: string },
  ): Promise<KubeObject> {
    const ctx = this.ctx();
    const statusWrite = opts.subresource === 'status';
    // A pod binding sets spec.nodeName and the PodScheduled condition in one write, past spec immutability.
    const binding = opts.subresource === 'binding';
    let obj: KubeObject;
    if (statusWrite) {
      obj = cloneJson(current);
      obj.status = body.status;
      if (body.metadata.managedFields) obj.metadata.managedFields = body.metadata.managedFields;
    } else {
      obj = body;
      const meta = obj.metadata;
      const old = current.metadata;
      // As rest.BeforeUpdate: an empty uid is filled in; a different one fails validation (immutable).
      if (!meta.uid) meta.uid = old.uid!;
      meta.creationTimestamp = old.creationTimestamp!;
      if (old.deletionTimestamp) meta.deletionTimestamp = old.deletionTimestamp;
      else delete meta.deletionTimestamp;
      if (old.deletionGracePeriodSeconds !== undefined)
        meta.deletionGracePeriodSeconds = old.deletionGracePeriodSeconds;
      else delete meta.deletionGracePeriodSeconds;
      if (this.strategy.statusSubresource && !binding) {
        if (current.status === undefined) delete obj.status;
        else obj.status = cloneJson(current.status);
      }
      if (this.strategy.tracksGeneration) {
        meta.generation = old.generation ?? 1;
      } else delete meta.generation;
      obj.apiVersion = apiVersionOf(this.info);
      obj.kind = this.info.kind;
      applyDefaults(this.info, obj, 'update');
      this.strategy.prepareForUpdate?.(obj, current, ctx);
      if (this.strategy.tracksGeneration && !jsonEqual(specPart(obj), specPart(current))) {
        meta.generation = (old.generation ?? 1) + 1;
      }
    }
    if (!statusWrite && !binding) await this.strategy.admitUpdate?.(obj, current, ctx);
    const errors = binding
      ? []
      : statusWrite
        ? validateStatusUpdate(this.info, obj, current)
        : validateUpdate(this.info, obj, current);
    this.throwIfInvalid(obj, errors);
    obj.metadata.resourceVersion = current.metadata.resourceVersion!;
    if (opts.fieldManager) this.deps.recordManagedFields?.(current, obj, opts.fieldManager, ctx.now, opts.subresource);
    if (jsonEqual(stripVolatile(obj), stripVolatile(current))) return current;
    if (opts.dryRun) return obj;
    if (obj.metadata.deletionTimestamp && (obj.metadata.finalizers ?? []).length === 0 && !this.waitsForTeardown(obj)) {
      const deleted = await this.deleteKv(kv, current);
      return deleted;
    }
    try {
      const written = await this.deps.store.update(kv.key, encodeForStorage(obj), kv.modRevision);
      return this.decode(written);
    } catch (err) {
      if (err instanceof PreconditionFailedError) {
        if (!err.current) throw notFound(this.gr, current.metadata.name ?? '');
        throw conflict(this.gr, current.metadata.name ?? '');
      }
      throw err;
    }
  }

  /** Objects whose deletion is driven by a component (pods on a node, namespaces) are kept until it finishes. */
  private waitsForTeardown(obj: KubeObject): boolean {
    if (this.strategy.holdsDeletion) return this.strategy.holdsDeletion(obj);
    return (obj.metadata.deletionGracePeriodSeconds ?? 0) > 0;
  }

  private async deleteKv(kv: KeyValue, current: KubeObject): Promise<KubeObject> {
    try {
      const deleted = await this.deps.store.delete(kv.key, kv.modRevision);
      return this.decode(deleted, deleted.modRevision);
    } catch (err) {
      if (err instanceof PreconditionFailedError) {
        if (!err.current) throw notFound(this.gr, current.metadata.name ?? '');
        throw conflict(this.gr, current.metadata.name ?? '');
      }
      throw err;
    }
  }

  async delete(namespace: string, name: string, opts: DeleteOptions = {}): Promise<DeleteResult> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.tryDelete(namespace, name, opts);
      } catch (err) {
        const retry = err instanceof StatusError && err.reason === 'Conflict' && !opts.preconditions?.resourceVersion;
        if (retry && attempt < maxConflictRetries) continue;
        throw err;
      }
    }
  }

  private async tryDelete(namespace: string, name: string, opts: DeleteOptions): Promise<DeleteResult> {
    const kv = await this.deps.store.get(this.key(namespace, name));
    if (!kv) throw notFound(this.gr, name);
    const current = this.decode(kv);
    const pre = opts.preconditions;
    if (pre?.uid && pre.uid !== current.metadata.uid) {
      throw conflict(
        this.gr,
        name,
        `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid}`,
      );
    }
    if (pre?.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion) {
      throw conflict(
        this.gr,
        name,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`,
      );
    }
    this.strategy.validateDelete?.(current);
    const ctx = this.ctx();
    const obj = cloneJson(current);
    const meta = obj.metadata;
    let changed = false;
    const finalizers = new Set(meta.finalizers ?? []);
    const policy = opts.propagationPolicy;
    if (policy === 'Orphan' && !finalizers.has('orphan')) {
      finalizers.add('orphan');
      finalizers.delete('foregroundDeletion');
      changed = true;
    } else if (policy === 'Foreground' && !finalizers.has('foregroundDeletion')) {
      finalizers.add('foregroundDeletion');
      finalizers.delete('orphan');
      changed = true;
    }
    if (changed) meta.finalizers = [...finalizers];
    let grace = this.strategy.gracePeriodSeconds?.(current, opts) ?? 0;
    if (current.metadata.deletionTimestamp) {
      // Already terminating: a delete can only shorten the remaining grace period.
      const remaining = current.metadata.deletionGracePeriodSeconds ?? 0;
      if (grace >= remaining && !changed) return { object: current, deleted: false };
      grace = Math.min(grace, remaining);
    }
    this.strategy.prepareForDelete?.(obj, ctx);
    const keep = this.strategy.holdsDeletion?.(obj) ?? false;
    if (grace > 0 || finalizers.size > 0 || keep) {
      if (!meta.deletionTimestamp || grace < (meta.deletionGracePeriodSeconds ?? 0)) {
        meta.deletionTimestamp = formatTimestamp(new Date(ctx.now.getTime() + grace * 1000));
        meta.deletionGracePeriodSeconds = grace;
      }
      if (meta.generation !== undefined && this.strategy.tracksGeneration && !current.metadata.deletionTimestamp) {
        meta.generation += 1;
      }
      if (opts.dryRun) return { object: obj, deleted: false };
      try {
        const written = await this.deps.store.update(kv.key, encodeForStorage(obj), kv.modRevision);
        return { object: this.decode(written), deleted: false };
      } catch (err) {
        if (err instanceof PreconditionFailedError) {
          if (!err.current) throw notFound(this.gr, name);
          throw conflict(this.gr, name);
        }
        throw err;
      }
    }
    if (opts.dryRun) return { object: current, deleted: true };
    return { object: await this.deleteKv(kv, current), deleted: true };
  }
}

/** Fields that never make an update "a change" by themselves. */
function stripVolatile(obj: KubeObject): KubeObject {
  const { managedFields: _mf, resourceVersion: _rv, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}
