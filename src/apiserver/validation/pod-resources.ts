/** Container resource requirements and resource names (kubernetes core validation). */
import type { ResourceRequirements } from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../../api/status-error.js';
import { duplicate, forbidden, invalid, notFound, required } from './field-errors.js';
import { child, index, key } from './field-path.js';
import { isDNS1123Label, isQualifiedName } from './names.js';
import { isNegativeErrorMsg } from './object-meta.js';
import {
  compareQuantity,
  formatQuantity,
  integerValue,
  milliValue,
  parseQuantity,
  type Quantity,
  quantitySign,
} from './quantity.js';

const standardResources = new Set([
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
  'resourcequotas',
  'services',
  'replicationcontrollers',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'storage',
  'requests.storage',
  'services.nodeports',
  'services.loadbalancers',
]);
const integerResources = new Set([
  'pods',
  'resourcequotas',
  'services',
  'replicationcontrollers',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'services.nodeports',
  'services.loadbalancers',
]);

export function isHugePageResourceName(name: string): boolean {
  return name.startsWith('hugepages-');
}

export function isNativeResource(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

export function isExtendedResourceName(name: string): boolean {
  if (isNativeResource(name) || name.startsWith('requests.')) return false;
  return isQualifiedName(`requests.${name}`).length === 0;
}

function isOvercommitAllowed(name: string): boolean {
  return isNativeResource(name) && !isHugePageResourceName(name);
}

function isStandardResourceName(name: string): boolean {
  return standardResources.has(name) || name.startsWith('hugepages-') || name.startsWith('requests.hugepages-');
}

/** A resource name: qualified, and standard unless prefixed. */
export function validateResourceName(name: string, field: string): FieldError[] {
  const errs = isQualifiedName(name).map((msg) => invalid(field, name, msg));
  if (errs.length > 0) return errs;
  if (!name.includes('/') && !isStandardResourceName(name)) {
    return [invalid(field, name, 'must be a standard resource type or fully qualified')];
  }
  return [];
}

function validateContainerResourceName(name: string, field: string): FieldError[] {
  const errs = validateResourceName(name, field);
  if (!name.includes('/')) {
    if (!['cpu', 'memory', 'ephemeral-storage'].includes(name) && !isHugePageResourceName(name)) {
      errs.push(invalid(field, name, 'must be a standard resource for containers'));
    }
  } else if (!isNativeResource(name) && !isExtendedResourceName(name)) {
    errs.push(invalid(field, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

/** Non-negative, and whole for integer resources (counts, extended resources). */
export function validateResourceQuantityValue(name: string, q: Quantity, field: string): FieldError[] {
  const errs: FieldError[] = [];
  if (quantitySign(q) < 0) errs.push(invalid(field, formatQuantity(q), isNegativeErrorMsg));
  if ((integerResources.has(name) || isExtendedResourceName(name)) && milliValue(q) % 1000n !== 0n) {
    errs.push(invalid(field, formatQuantity(q), 'must be an integer'));
  }
  return errs;
}

function hugePageError(name: string, q: Quantity): string | undefined {
  if (!isHugePageResourceName(name)) return undefined;
  const size = parseQuantity(name.slice('hugepages-'.length));
  const ok =
    size !== undefined &&
    quantitySign(size) > 0 &&
    milliValue(size) % 1000n === 0n &&
    integerValue(q) % integerValue(size) === 0n;
  return ok ? undefined : `${formatQuantity(q)} is not positive integer multiple of ${name}`;
}

type ResourceList = Record<string, unknown>;

function parsedEntries(list: ResourceList | undefined): [string, Quantity][] {
  const out: [string, Quantity][] = [];
  for (const name of Object.keys(list ?? {}).sort()) {
    const q = parseQuantity(list?.[name]);
    if (q) out.push([name, q]);
  }
  return out;
}

/** `resources`: names, values, requests ≤ limits, hugepages rules and claims. */
export function validateResourceRequirements(
  r: ResourceRequirements | undefined,
  podClaims: ReadonlySet<string>,
  field: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const limPath = child(field, 'limits');
  const reqPath = child(field, 'requests');
  const limits = parsedEntries(r?.limits as ResourceList | undefined);
  const limitByName = new Map(limits);
  let cpuOrMemory = false;
  let hugePages = false;
  for (const [name, q] of limits) {
    const p = key(limPath, name);
    errs.push(...validateContainerResourceName(name, p), ...validateResourceQuantityValue(name, q, p));
    const huge = hugePageError(name, q);
    if (isHugePageResourceName(name)) hugePages = true;
    if (huge) errs.push(invalid(p, formatQuantity(q), huge));
    if (name === 'cpu' || name === 'memory') cpuOrMemory = true;
  }
  for (const [name, q] of parsedEntries(r?.requests as ResourceList | undefined)) {
    const p = key(reqPath, name);
    errs.push(...validateContainerResourceName(name, p), ...validateResourceQuantityValue(name, q, p));
    const limit = limitByName.get(name);
    if (limit) {
      const cmp = compareQuantity(q, limit);
      if (cmp !== 0 && !isOvercommitAllowed(name)) {
        errs.push(invalid(reqPath, formatQuantity(q), `must be equal to ${name} limit of ${formatQuantity(limit)}`));
      } else if (cmp > 0) {
        errs.push(
          invalid(
            reqPath,
            formatQuantity(q),
            `must be less than or equal to ${name} limit of ${formatQuantity(limit)}`,
          ),
        );
      }
    } else if (!isOvercommitAllowed(name)) {
      errs.push(required(limPath, 'Limit must be set for non overcommitable resources'));
    }
    const huge = hugePageError(name, q);
    if (isHugePageResourceName(name)) hugePages = true;
    if (huge) errs.push(invalid(p, formatQuantity(q), huge));
    if (name === 'cpu' || name === 'memory') cpuOrMemory = true;
  }
  if (!cpuOrMemory && hugePages) errs.push(forbidden(field, 'HugePages require cpu or memory'));
  const seen = new Set<string>();
  (r?.claims ?? []).forEach((claim, i) => {
    const p = index(child(field, 'claims'), i);
    const name = claim.name ?? '';
    if (!name) {
      errs.push(required(p));
      return;
    }
    if (seen.has(name)) errs.push(duplicate(p, name));
    seen.add(name);
    const request = (claim as { request?: string }).request;
    if (request) errs.push(...isDNS1123Label(request).map((msg) => invalid(child(p, 'request'), request, msg)));
    if (!podClaims.has(name)) {
      const list = [...podClaims].sort();
      const detail = `must be one of the names in pod.spec.resourceClaims${list.length === 0 ? ' which is empty' : `: ${list.join(', ')}`}`;
      errs.push(notFound(p, name, detail));
    }
  });
  return errs;
}
