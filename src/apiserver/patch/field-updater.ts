/**
 * Ownership bookkeeping of server-side apply (structured-merge-diff `merge.Updater`), for a single API version:
 * an update takes over the fields it changes; an apply merges the configuration, prunes what the applier
 * applied before and no longer applies (unless someone else owns it), and fails on fields another manager
 * owns whose value it would change, unless forced.
 */

import type { Path } from './field-path.js';
import { FieldSet } from './field-set.js';
import { jsonEqual } from './json-value.js';
import type { Managed, ManagerSet } from './managed-fields-codec.js';
import { type Comparison, compareValues } from './typed-compare.js';
import { ensureNamedFieldsAreMembers, removeItems, toFieldSet } from './typed-fieldset.js';
import { mergeValues } from './typed-merge.js';
import type { TypeRef } from './typed-schema.js';

/** A field another manager owns that an apply would change. */
export interface Conflict {
  manager: string;
  path: Path;
}

/** Thrown when an apply has conflicts and is not forced. */
export class ApplyConflicts extends Error {
  constructor(readonly conflicts: Conflict[]) {
    super(`${conflicts.length} apply conflicts`);
  }
}

export interface UpdaterContext {
  type: TypeRef;
  version: string;
  /** Fields nobody owns through this endpoint (`status` on the main resource), already as a set. */
  ignored: FieldSet;
}

function filtered(c: Comparison, ignored: FieldSet): Comparison {
  if (ignored.empty()) return c;
  return {
    added: c.added.recursiveDifference(ignored),
    modified: c.modified.recursiveDifference(ignored),
    removed: c.removed.recursiveDifference(ignored),
  };
}

/** Takes changed fields away from every manager but `workflow`; throws ApplyConflicts unless `force`. */
function updateOthers(
  ctx: UpdaterContext,
  live: unknown,
  next: unknown,
  managed: Managed,
  workflow: string,
  force: boolean,
): Comparison {
  const cmp = filtered(compareValues(live, next, ctx.type), ctx.ignored);
  const changed = cmp.modified.union(cmp.added);
  const conflicts = new Map<string, FieldSet>();
  for (const [manager, owned] of managed.fields) {
    if (manager === workflow) continue;
    const conflict = owned.set.intersection(changed);
    if (!conflict.empty()) conflicts.set(manager, conflict);
  }
  if (!force && conflicts.size > 0) {
    const list: Conflict[] = [];
    for (const manager of [...conflicts.keys()].sort()) {
      for (const path of conflicts.get(manager)?.paths() ?? []) list.push({ manager, path });
    }
    throw new ApplyConflicts(list);
  }
  for (const [manager, owned] of managed.fields) {
    if (manager === workflow) continue;
    let set = owned.set;
    const conflict = conflicts.get(manager);
    if (conflict) set = set.difference(conflict);
    if (!cmp.removed.empty()) set = set.difference(cmp.removed);
    managed.fields.set(manager, { ...owned, set });
  }
  for (const [manager, owned] of [...managed.fields]) if (owned.set.empty()) managed.fields.delete(manager);
  return cmp;
}

/** `Updater.Update`: records a non-apply write of `next` over `live` by `manager` (mutates `managed`). */
export function updateManaged(ctx: UpdaterContext, live: unknown, next: unknown, managed: Managed, manager: string) {
  const cmp = updateOthers(ctx, live, next, managed, manager, true);
  const previous = managed.fields.get(manager)?.set ?? new FieldSet();
  const set = previous.difference(cmp.removed).union(cmp.modified).union(cmp.added).recursiveDifference(ctx.ignored);
  if (set.empty()) managed.fields.delete(manager);
  else managed.fields.set(manager, { set, apiVersion: ctx.version, applied: false });
}

/**
 * `Updater.Apply`: the merged object (undefined when nothing changed) after applying `config` as `manager`.
 * Mutates `managed`; throws ApplyConflicts.
 */
export function applyManaged(
  ctx: UpdaterContext,
  live: unknown,
  config: unknown,
  managed: Managed,
  manager: string,
  force: boolean,
): unknown {
  const merged = mergeValues(live, config, ctx.type) ?? {};
  const lastSet = managed.fields.get(manager);
  const set = toFieldSet(config, ctx.type).recursiveDifference(ctx.ignored);
  managed.fields.set(manager, { set, apiVersion: ctx.version, applied: true });
  const pruned = prune(ctx, merged, managed, lastSet);
  updateOthers(ctx, live, pruned, managed, manager, force);
  return jsonEqual(live, pruned) ? undefined : pruned;
}

/** Removes what `manager` applied last time and no longer applies, unless another manager owns it. */
function prune(ctx: UpdaterContext, merged: unknown, managed: Managed, lastSet: ManagerSet | undefined): unknown {
  if (!lastSet || lastSet.set.empty()) return merged;
  const named = (s: FieldSet) => ensureNamedFieldsAreMembers(s, ctx.type);
  const last = named(lastSet.set);
  let pruned = removeItems(merged, last, ctx.type) ?? {};

  let owned = new FieldSet();
  for (const m of managed.fields.values()) owned = owned.union(m.set);
  const mergedSet = named(toFieldSet(merged, ctx.type));
  const prunedSet = named(toFieldSet(pruned, ctx.type));
  pruned = removeItems(merged, mergedSet.difference(prunedSet.union(named(owned))), ctx.type) ?? {};

  const keptSet = named(toFieldSet(pruned, ctx.type));
  return removeItems(merged, mergedSet.difference(keptSet).intersection(last), ctx.type) ?? {};
}
