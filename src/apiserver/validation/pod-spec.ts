/** A PodSpec, in a pod or in a template (kubernetes core `ValidatePodSpec`). */
import type { PodSecurityContext, PodSpec } from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../../api/status-error.js';
import { duplicate, invalid, notSupported, required } from './field-errors.js';
import { child, index } from './field-path.js';
import { validateLabels } from './labels.js';
import {
  inclusiveRangeError,
  isDNS1123Label,
  isQualifiedName,
  isValidGroupID,
  isValidUserID,
  nameIsDNSSubdomain,
} from './names.js';
import { type ContainerContext, validateContainers, validateInitContainers } from './pod-containers.js';
import { validateResourceRequirements } from './pod-resources.js';
import {
  validateAffinity,
  validateDNSConfig,
  validateHostAliases,
  validateTolerations,
  validateTopologySpreadConstraints,
} from './pod-scheduling.js';
import { validateVolumes } from './pod-volumes.js';

export interface PodSpecOptions {
  /** The spec belongs to a Pod (not a template): host ports must then equal container ports on the host network. */
  resourceIsPod: boolean;
}

const restartPolicies = ['Always', 'OnFailure', 'Never'];
const dnsPolicies = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const maxInt32 = 2147483647;

function validatePodSecurityContext(sc: PodSecurityContext | undefined, spec: PodSpec, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const s = sc ?? {};
  const ids: [keyof PodSecurityContext, (v: number) => string[]][] = [
    ['fsGroup', isValidGroupID],
    ['runAsUser', isValidUserID],
    ['runAsGroup', isValidGroupID],
  ];
  for (const [name, check] of ids) {
    const v = s[name];
    if (typeof v === 'number') errs.push(...check(v).map((msg) => invalid(child(field, name), v, msg)));
  }
  (s.supplementalGroups ?? []).forEach((g, i) => {
    errs.push(...isValidGroupID(g).map((msg) => invalid(index(child(field, 'supplementalGroups'), i), g, msg)));
  });
  if (spec.shareProcessNamespace === true && spec.hostPID === true) {
    errs.push(
      invalid(child(field, 'shareProcessNamespace'), true, 'ShareProcessNamespace and HostPID cannot both be enabled'),
    );
  }
  const policy = s.fsGroupChangePolicy;
  if (policy !== undefined && policy !== 'Always' && policy !== 'OnRootMismatch') {
    errs.push(notSupported(child(field, 'fsGroupChangePolicy'), policy, ['Always', 'OnRootMismatch']));
  }
  return errs;
}

function validateHostNetworkPorts(spec: PodSpec, field: string, opts: PodSpecOptions): FieldError[] {
  if (spec.hostNetwork !== true) return [];
  const errs: FieldError[] = [];
  (spec.containers ?? []).forEach((c, i) => {
    (c.ports ?? []).forEach((port, j) => {
      const hp = port.hostPort ?? 0;
      if ((opts.resourceIsPod || hp !== 0) && hp !== port.containerPort) {
        const p = child(index(child(index(child(field, 'containers'), i), 'ports'), j), 'hostPort');
        errs.push(invalid(p, hp, 'must match `containerPort` when `hostNetwork` is true'));
      }
    });
  });
  return errs;
}

function validatePodResourceClaims(spec: PodSpec, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (spec.resourceClaims ?? []).forEach((claim, i) => {
    const p = index(field, i);
    if (!claim.name) errs.push(required(child(p, 'name')));
    else if (names.has(claim.name)) errs.push(duplicate(child(p, 'name'), claim.name));
    else {
      errs.push(...isDNS1123Label(claim.name).map((msg) => invalid(child(p, 'name'), claim.name, msg)));
      names.add(claim.name);
    }
  });
  return errs;
}

function validateNamedRef(value: string | undefined, field: string): FieldError[] {
  return value ? nameIsDNSSubdomain(value, false).map((msg) => invalid(field, value, msg)) : [];
}

/** Every check of `ValidatePodSpec` that kubeling's users can hit. `podName` is set for real pods only. */
export function validatePodSpec(
  spec: PodSpec,
  podName: string | undefined,
  field: string,
  opts: PodSpecOptions,
): FieldError[] {
  const errs: FieldError[] = [];
  const grace = spec.terminationGracePeriodSeconds;
  if (grace === undefined || grace === null) errs.push(required(child(field, 'terminationGracePeriodSeconds')));
  const vols = validateVolumes(spec.volumes, podName, child(field, 'volumes'));
  errs.push(...vols.errors);
  errs.push(...validatePodResourceClaims(spec, child(field, 'resourceClaims')));
  const ctx: ContainerContext = {
    volumes: vols.names,
    podClaims: new Set((spec.resourceClaims ?? []).map((c) => c.name).filter((n) => n)),
    gracePeriod: grace ?? undefined,
    restartPolicy: spec.restartPolicy ?? '',
  };
  errs.push(...validateContainers(spec.containers, ctx, child(field, 'containers')));
  errs.push(...validateInitContainers(spec.initContainers, spec.containers, ctx, child(field, 'initContainers')));
  errs.push(...validateHostNetworkPorts(spec, field, opts));
  const restart = spec.restartPolicy ?? '';
  if (restart === '') errs.push(required(child(field, 'restartPolicy')));
  else if (!restartPolicies.includes(restart))
    errs.push(notSupported(child(field, 'restartPolicy'), restart, restartPolicies));
  const dns = spec.dnsPolicy ?? '';
  if (dns === '') errs.push(required(child(field, 'dnsPolicy')));
  else if (!dnsPolicies.includes(dns)) errs.push(notSupported(child(field, 'dnsPolicy'), dns, dnsPolicies));
  errs.push(...validateLabels(spec.nodeSelector, child(field, 'nodeSelector')));
  errs.push(...validatePodSecurityContext(spec.securityContext, spec, child(field, 'securityContext')));
  errs.push(...validateAffinity(spec.affinity, child(field, 'affinity')));
  errs.push(...validateDNSConfig(spec.dnsConfig, dns, child(field, 'dnsConfig')));
  (spec.readinessGates ?? []).forEach((g, i) => {
    const p = child(index(child(field, 'readinessGates'), i), 'conditionType');
    errs.push(...isQualifiedName(g.conditionType ?? '').map((msg) => invalid(p, g.conditionType ?? '', msg)));
  });
  const gates = new Set<string>();
  (spec.schedulingGates ?? []).forEach((g, i) => {
    const p = index(child(field, 'schedulingGates'), i);
    errs.push(...isQualifiedName(g.name ?? '').map((msg) => invalid(p, g.name ?? '', msg)));
    if (gates.has(g.name ?? '')) errs.push(duplicate(p, g.name ?? ''));
    gates.add(g.name ?? '');
  });
  errs.push(
    ...validateTopologySpreadConstraints(spec.topologySpreadConstraints, child(field, 'topologySpreadConstraints')),
  );
  errs.push(...validateNamedRef(spec.serviceAccountName, child(field, 'serviceAccountName')));
  errs.push(...validateNamedRef(spec.nodeName, child(field, 'nodeName')));
  const ads = spec.activeDeadlineSeconds;
  if (ads !== undefined && ads !== null && (ads < 1 || ads > maxInt32)) {
    errs.push(invalid(child(field, 'activeDeadlineSeconds'), ads, inclusiveRangeError(1, maxInt32)));
  }
  for (const name of ['hostname', 'subdomain'] as const) {
    const v = spec[name];
    if (v) errs.push(...isDNS1123Label(v).map((msg) => invalid(child(field, name), v, msg)));
  }
  errs.push(...validateTolerations(spec.tolerations, child(field, 'tolerations')));
  errs.push(...validateHostAliases(spec.hostAliases, child(field, 'hostAliases')));
  errs.push(...validateNamedRef(spec.priorityClassName, child(field, 'priorityClassName')));
  if (spec.runtimeClassName !== undefined && spec.runtimeClassName !== null) {
    errs.push(
      ...nameIsDNSSubdomain(spec.runtimeClassName, false).map((msg) =>
        invalid(child(field, 'runtimeClassName'), spec.runtimeClassName, msg),
      ),
    );
  }
  const preemption = spec.preemptionPolicy;
  if (preemption !== undefined && preemption !== null) {
    if (preemption === '') errs.push(required(child(field, 'preemptionPolicy')));
    else if (preemption !== 'PreemptLowerPriority' && preemption !== 'Never') {
      errs.push(notSupported(child(field, 'preemptionPolicy'), preemption, ['PreemptLowerPriority', 'Never']));
    }
  }
  if (spec.overhead)
    errs.push(...validateResourceRequirements({ limits: spec.overhead }, new Set(), child(field, 'overhead')));
  if (spec.os) {
    if (!spec.os.name) errs.push(required(child(field, 'os', 'name'), 'cannot be empty'));
    else if (spec.os.name !== 'linux' && spec.os.name !== 'windows') {
      errs.push(notSupported(child(field, 'os'), spec.os.name, ['linux', 'windows']));
    }
  }
  return errs;
}
