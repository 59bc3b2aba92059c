/** Status writes of Deployments and ReplicaSets (kubernetes `pkg/apis/apps/validation`). */
import type { DeploymentStatus, ReplicaSetStatus } from 'kubernetes-types/apps/v1.js';
import type { ObjectMeta } from '../../api/object.js';
import type { FieldError } from '../../api/status-error.js';
import { invalid } from './field-errors.js';
import { validateNonnegative, validateObjectMetaUpdate } from './object-meta.js';

const aboveReplicas = 'cannot be greater than status.replicas';

function counts<T extends object>(status: T, names: readonly (keyof T & string)[]): FieldError[] {
  const rec = status as Record<string, unknown>;
  return names.flatMap((n) => validateNonnegative(typeof rec[n] === 'number' ? rec[n] : 0, `status.${n}`));
}

function notAbove(
  status: Record<string, number | undefined>,
  names: readonly string[],
  limit: string,
  msg: string,
): FieldError[] {
  const max = status[limit] ?? 0;
  return names.filter((n) => (status[n] ?? 0) > max).map((n) => invalid(`status.${n}`, status[n] ?? 0, msg));
}

function collisionDecrement(now: number | undefined, before: number | undefined): FieldError[] {
  if (before === undefined || before === null) return [];
  if (now === undefined || now === null || now < before)
    return [invalid('status.collisionCount', now ?? 0, 'cannot be decremented')];
  return [];
}

interface WithStatus<S> {
  metadata?: unknown;
  status?: S;
}

export function validateDeploymentStatusUpdate(
  d: WithStatus<DeploymentStatus>,
  old: WithStatus<DeploymentStatus>,
): FieldError[] {
  const s = d.status ?? {};
  const rec = s as Record<string, number | undefined>;
  const errs = validateObjectMetaUpdate((d.metadata ?? {}) as ObjectMeta, (old.metadata ?? {}) as ObjectMeta);
  errs.push(
    ...counts(s, [
      'observedGeneration',
      'replicas',
      'updatedReplicas',
      'readyReplicas',
      'availableReplicas',
      'unavailableReplicas',
    ]),
  );
  if (s.collisionCount !== undefined) errs.push(...validateNonnegative(s.collisionCount, 'status.collisionCount'));
  errs.push(...notAbove(rec, ['updatedReplicas', 'readyReplicas', 'availableReplicas'], 'replicas', aboveReplicas));
  errs.push(...notAbove(rec, ['availableReplicas'], 'readyReplicas', 'cannot be greater than readyReplicas'));
  errs.push(...collisionDecrement(s.collisionCount, old.status?.collisionCount));
  return errs;
}

export function validateReplicaSetStatusUpdate(
  rs: WithStatus<ReplicaSetStatus>,
  old: WithStatus<ReplicaSetStatus>,
): FieldError[] {
  const s = rs.status ?? ({ replicas: 0 } as ReplicaSetStatus);
  const rec = s as unknown as Record<string, number | undefined>;
  const errs = validateObjectMetaUpdate((rs.metadata ?? {}) as ObjectMeta, (old.metadata ?? {}) as ObjectMeta);
  errs.push(
    ...counts(s, ['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration']),
  );
  errs.push(
    ...notAbove(rec, ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas'], 'replicas', aboveReplicas),
  );
  errs.push(...notAbove(rec, ['availableReplicas'], 'readyReplicas', 'cannot be greater than readyReplicas'));
  return errs;
}
