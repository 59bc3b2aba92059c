/**
 * What kube-apiserver's Service registry does to a Service before validating it (pkg/registry/core/service:
 * `normalizeClusterIPs`, `patchAllocatedValues`, `dropTypeDependentFields`): keep allocated values a client
 * left out, keep `clusterIP` and `clusterIPs` in step, and wipe fields a type change made meaningless.
 *
 * Validation applies these to a copy so that it judges what upstream judges; the Service strategy should apply
 * them to the object itself (they mutate in place).
 */
import type { Service } from 'kubernetes-types/core/v1.js';

type Spec = NonNullable<Service['spec']>;

const needsClusterIP = (s: Spec): boolean => s.type !== 'ExternalName';
const needsNodePort = (s: Spec): boolean => s.type === 'NodePort' || s.type === 'LoadBalancer';
const needsHCNodePort = (s: Spec): boolean => s.type === 'LoadBalancer' && s.externalTrafficPolicy === 'Local';
const externallyAccessible = (s: Spec): boolean =>
  s.type === 'LoadBalancer' || s.type === 'NodePort' || (s.type === 'ClusterIP' && (s.externalIPs ?? []).length > 0);

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function sameList(a: readonly unknown[] | undefined, b: readonly unknown[] | undefined): boolean {
  return same(a && a.length > 0 ? a : null, b && b.length > 0 ? b : null);
}

/** `normalizeClusterIPs`: infer `clusterIPs` from `clusterIP` for clients that only know the singular field. */
export function normalizeClusterIPs(svc: Service, old?: Service): void {
  const spec = svc.spec;
  if (!spec) return;
  if (!old) {
    if (spec.clusterIP && (spec.clusterIPs ?? []).length === 0) spec.clusterIPs = [spec.clusterIP];
    return;
  }
  const before = old.spec ?? {};
  if (
    (before.clusterIPs ?? []).length > 0 &&
    (spec.clusterIPs ?? []).length === 0 &&
    (before.clusterIP ?? '') === (spec.clusterIP ?? '')
  ) {
    spec.clusterIPs = [...(before.clusterIPs ?? [])];
  }
  if ((before.clusterIP ?? '') !== (spec.clusterIP ?? '')) {
    const sameIPs = sameList(before.clusterIPs, spec.clusterIPs);
    if (before.clusterIP && !spec.clusterIP) {
      if (sameIPs) delete spec.clusterIPs;
    } else if (sameIPs && spec.clusterIP) {
      spec.clusterIPs = [spec.clusterIP];
    }
  }
}

/** `patchAllocatedValues`: an update that leaves out allocated values keeps the stored ones. */
export function patchAllocatedValues(svc: Service, old: Service): void {
  const spec = svc.spec;
  const before = old.spec;
  if (!spec || !before) return;
  if (needsClusterIP(before) && needsClusterIP(spec)) {
    if (!spec.clusterIP && before.clusterIP) spec.clusterIP = before.clusterIP;
    if ((spec.clusterIPs ?? []).length === 0 && (before.clusterIPs ?? []).length > 0)
      spec.clusterIPs = [...(before.clusterIPs ?? [])];
  }
  if (needsNodePort(before) && needsNodePort(spec)) {
    const usedNow = new Set((spec.ports ?? []).map((p) => p.nodePort ?? 0).filter((n) => n !== 0));
    const used = new Set((before.ports ?? []).map((p) => p.nodePort ?? 0).filter((n) => usedNow.has(n)));
    const byName = new Map((before.ports ?? []).map((p) => [p.name ?? '', p.nodePort ?? 0]));
    for (const p of spec.ports ?? []) {
      if (p.nodePort) continue;
      const oldVal = byName.get(p.name ?? '') ?? 0;
      if (!used.has(oldVal) && oldVal !== 0) p.nodePort = oldVal;
    }
  }
  if (needsHCNodePort(before) && needsHCNodePort(spec) && !spec.healthCheckNodePort && before.healthCheckNodePort) {
    spec.healthCheckNodePort = before.healthCheckNodePort;
  }
}

/** `dropTypeDependentFields`: a type change clears the fields of the old type the user did not touch. */
export function dropTypeDependentFields(svc: Service, old: Service): void {
  const spec = svc.spec;
  const before = old.spec;
  if (!spec || !before) return;
  if (needsClusterIP(before) && !needsClusterIP(spec)) {
    if ((spec.clusterIP ?? '') === (before.clusterIP ?? '') && sameList(spec.clusterIPs, before.clusterIPs)) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    if (sameList(spec.ipFamilies, before.ipFamilies)) delete spec.ipFamilies;
    if (same(spec.ipFamilyPolicy, before.ipFamilyPolicy)) delete spec.ipFamilyPolicy;
  }
  if (needsNodePort(before) && !needsNodePort(spec)) {
    const nodePorts = (s: Spec) => (s.ports ?? []).map((p) => p.nodePort ?? 0);
    if (same(nodePorts(spec), nodePorts(before))) for (const p of spec.ports ?? []) delete p.nodePort;
  }
  if (
    needsHCNodePort(before) &&
    !needsHCNodePort(spec) &&
    (spec.healthCheckNodePort ?? 0) === (before.healthCheckNodePort ?? 0)
  ) {
    delete spec.healthCheckNodePort;
  }
  if (before.type === 'LoadBalancer' && spec.type !== 'LoadBalancer') {
    const a = spec.allocateLoadBalancerNodePorts;
    const b = before.allocateLoadBalancerNodePorts;
    if (a !== undefined && a !== null && b !== undefined && b !== null && a === b)
      delete spec.allocateLoadBalancerNodePorts;
    if (same(spec.loadBalancerClass, before.loadBalancerClass)) delete spec.loadBalancerClass;
  }
  if (
    externallyAccessible(before) &&
    !externallyAccessible(spec) &&
    (spec.externalTrafficPolicy ?? '') === (before.externalTrafficPolicy ?? '')
  ) {
    delete spec.externalTrafficPolicy;
  }
  if (spec.type !== 'LoadBalancer' && svc.status)
    (svc as { status: NonNullable<Service['status']> }).status.loadBalancer = {};
}

/** A copy of a Service as the upstream registry would present it to validation. */
export function serviceAsValidated(svc: Service, old?: Service): Service {
  const copy = structuredClone(svc);
  if (old) {
    patchAllocatedValues(copy, old);
    normalizeClusterIPs(copy, old);
    dropTypeDependentFields(copy, old);
  } else {
    normalizeClusterIPs(copy);
  }
  return copy;
}
