/** Namespaces and Nodes (kubernetes core validation). */
import type { Namespace, Node, Taint } from 'kubernetes-types/core/v1.js';
import type { ObjectMeta } from '../../api/object.js';
import type { FieldError } from '../../api/status-error.js';
import { duplicate, forbidden, invalid } from './field-errors.js';
import { child, index } from './field-path.js';
import { go, goPointer, goQuote, goStringSlice, goStruct } from './go-syntax.js';
import { isDualStack, parseCIDR, validateCIDR } from './ip.js';
import { validateLabelName } from './labels.js';
import { isValidLabelValue, nameIsDNSLabel, nameIsDNSSubdomain } from './names.js';
import {
  validateFinalizerName,
  validateKubeFinalizerName,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from './object-meta.js';
import { validateResourceQuantityValue } from './pod-resources.js';
import { validateTaintEffect } from './pod-scheduling.js';
import { parseQuantity } from './quantity.js';

function meta(o: { metadata?: unknown }): ObjectMeta {
  return (o.metadata ?? {}) as ObjectMeta;
}

export function validateNamespace(ns: Namespace): FieldError[] {
  const errs = validateObjectMeta(meta(ns), false, nameIsDNSLabel);
  for (const f of ns.spec?.finalizers ?? []) {
    errs.push(...validateFinalizerName(f, 'spec.finalizers'), ...validateKubeFinalizerName(f, 'spec.finalizers'));
  }
  return errs;
}

export function validateNamespaceUpdate(ns: Namespace, old: Namespace): FieldError[] {
  return [...validateNamespace(ns), ...validateObjectMetaUpdate(meta(ns), meta(old))];
}

export function validateNamespaceStatusUpdate(ns: Namespace, old: Namespace): FieldError[] {
  const errs = validateObjectMetaUpdate(meta(ns), meta(old));
  const phase = ns.status?.phase ?? '';
  if (!ns.metadata?.deletionTimestamp) {
    if (phase !== 'Active')
      errs.push(invalid('status.Phase', phase, "may only be 'Active' if `deletionTimestamp` is empty"));
  } else if (phase !== 'Terminating') {
    errs.push(invalid('status.Phase', phase, "may only be 'Terminating' if `deletionTimestamp` is not empty"));
  }
  return errs;
}

/** A write to `namespaces/finalize`: the spec finalizers, each with its index. */
export function validateNamespaceFinalizeUpdate(ns: Namespace, old: Namespace): FieldError[] {
  const errs = validateObjectMetaUpdate(meta(ns), meta(old));
  (ns.spec?.finalizers ?? []).forEach((f, i) => {
    const p = index('spec.finalizers', i);
    errs.push(...validateFinalizerName(f, p), ...validateKubeFinalizerName(f, p));
  });
  return errs;
}

function goTaint(t: Taint): string {
  return goStruct('core.Taint', [
    ['Key', goQuote(t.key ?? '')],
    ['Value', goQuote(t.value ?? '')],
    ['Effect', goQuote(t.effect ?? '')],
    ['TimeAdded', goPointer('v1.Time', t.timeAdded !== undefined && t.timeAdded !== null)],
  ]);
}

/** Node taints (upstream reports them under `metadata.taints`). */
function validateTaints(taints: readonly Taint[], field: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  taints.forEach((t, i) => {
    const p = index(field, i);
    errs.push(...validateLabelName(t.key ?? '', child(p, 'key')));
    const msgs = isValidLabelValue(t.value ?? '');
    if (msgs.length > 0) errs.push(invalid(child(p, 'value'), t.value ?? '', msgs.join(';')));
    errs.push(...validateTaintEffect(t.effect ?? '', false, child(p, 'effect')));
    const id = `${t.effect ?? ''}\u0000${t.key ?? ''}`;
    if (seen.has(id)) {
      errs.push(duplicate(p, go(goTaint(t)), 'taints must be unique by key and effect pair'));
      return;
    }
    seen.add(id);
  });
  return errs;
}

function validateNodeResources(node: Node): FieldError[] {
  const errs: FieldError[] = [];
  for (const list of ['capacity', 'allocatable'] as const) {
    const entries = (node.status?.[list] ?? {}) as Record<string, unknown>;
    for (const name of Object.keys(entries).sort()) {
      const q = parseQuantity(entries[name]);
      if (q) errs.push(...validateResourceQuantityValue(name, q, child('status', list, name)));
    }
  }
  return errs;
}

export function validateNode(node: Node): FieldError[] {
  const errs = validateObjectMeta(meta(node), false, nameIsDNSSubdomain);
  if ((node.spec?.taints ?? []).length > 0) errs.push(...validateTaints(node.spec?.taints ?? [], 'metadata.taints'));
  errs.push(...validateNodeResources(node));
  const cidrs = node.spec?.podCIDRs ?? [];
  if (cidrs.length > 0) {
    cidrs.forEach((c, i) => {
      errs.push(...validateCIDR(index('spec.podCIDRs', i), c));
    });
    if (cidrs.length > 1) {
      const families = cidrs.map((c) => (parseCIDR(c)?.v4 ? '10.0.0.1' : '::1'));
      if (!isDualStack(families) || cidrs.length > 2) {
        errs.push(
          invalid('spec.podCIDRs', go(goStringSlice(cidrs)), 'may specify no more than one CIDR for each IP family'),
        );
      }
      const seen = new Set<string>();
      cidrs.forEach((c, i) => {
        if (seen.has(c)) errs.push(duplicate(index('spec.podCIDRs', i), c));
        seen.add(c);
      });
    }
  }
  return errs;
}

/** Node updates (also the check of `nodes/status` writes). */
export function validateNodeUpdateOnly(node: Node, old: Node): FieldError[] {
  const errs = validateObjectMetaUpdate(meta(node), meta(old));
  errs.push(...validateNodeResources(node));
  const seen = new Set<string>();
  (node.status?.addresses ?? []).forEach((a, i) => {
    const id = `${a.type}\u0000${a.address}`;
    if (seen.has(id)) {
      const rendered = goStruct('core.NodeAddress', [
        ['Type', goQuote(a.type ?? '')],
        ['Address', goQuote(a.address ?? '')],
      ]);
      errs.push(duplicate(index('status.addresses', i), go(rendered)));
    }
    seen.add(id);
  });
  const before = old.spec?.podCIDRs ?? [];
  const now = node.spec?.podCIDRs ?? [];
  if (before.length > 0) {
    const msg = 'node updates may not change podCIDR except from "" to valid';
    if (before.length !== now.length) errs.push(forbidden('spec.podCIDRs', msg));
    else {
      before.forEach((c, i) => {
        if (c !== now[i]) errs.push(forbidden('spec.podCIDRs', msg));
      });
    }
  }
  const oldProvider = old.spec?.providerID ?? '';
  if (oldProvider && oldProvider !== (node.spec?.providerID ?? '')) {
    errs.push(forbidden('spec.providerID', 'node updates may not change providerID except from "" to valid'));
  }
  if ((node.spec?.taints ?? []).length > 0) errs.push(...validateTaints(node.spec?.taints ?? [], 'metadata.taints'));
  if ((node.spec?.externalID ?? '') !== (old.spec?.externalID ?? ''))
    errs.push(forbidden('spec.externalID', 'may not be updated'));
  return errs;
}

export function validateNodeUpdate(node: Node, old: Node): FieldError[] {
  return [...validateNode(node), ...validateNodeUpdateOnly(node, old)];
}
