/** Leases (kubernetes `pkg/apis/coordination/validation`). */
import type { ObjectMeta } from '../../api/object.js';
import type { FieldError } from '../../api/status-error.js';
import { forbidden, invalid, notSupported } from './field-errors.js';
import { isQualifiedName, nameIsDNSSubdomain } from './names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';

type Json = Record<string, unknown>;

function validateLeaseSpec(obj: Json): FieldError[] {
  const spec = (obj.spec ?? {}) as Json;
  const errs: FieldError[] = [];
  const duration = spec.leaseDurationSeconds;
  if (typeof duration === 'number' && duration <= 0)
    errs.push(invalid('spec.leaseDurationSeconds', duration, 'must be greater than 0'));
  const transitions = spec.leaseTransitions;
  if (typeof transitions === 'number' && transitions < 0) {
    errs.push(invalid('spec.leaseTransitions', transitions, 'must be greater than or equal to 0'));
  }
  const strategy = typeof spec.strategy === 'string' ? spec.strategy : undefined;
  if (strategy !== undefined) {
    if (!strategy.includes('/')) {
      if (strategy !== 'OldestEmulationVersion')
        errs.push(notSupported('spec.strategy', strategy, ['OldestEmulationVersion']));
    } else {
      errs.push(...isQualifiedName(strategy).map((msg) => invalid('spec.strategy', strategy, msg)));
    }
  }
  if (typeof spec.preferredHolder === 'string' && spec.preferredHolder !== '' && !strategy) {
    errs.push(forbidden('spec.preferredHolder', 'may only be specified if `strategy` is defined'));
  }
  return errs;
}

export function validateLease(obj: Json): FieldError[] {
  return [
    ...validateObjectMeta((obj.metadata ?? {}) as ObjectMeta, true, nameIsDNSSubdomain),
    ...validateLeaseSpec(obj),
  ];
}

export function validateLeaseUpdate(obj: Json, old: Json): FieldError[] {
  return [
    ...validateObjectMetaUpdate((obj.metadata ?? {}) as ObjectMeta, (old.metadata ?? {}) as ObjectMeta),
    ...validateLeaseSpec(obj),
  ];
}
