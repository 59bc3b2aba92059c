/** Pod updates and status updates (kubernetes core `ValidatePodUpdate`, `ValidatePodStatusUpdate`). */
import type { Container, Pod, PodSpec, Toleration } from 'kubernetes-types/core/v1.js';
import type { ObjectMeta } from '../../api/object.js';
import type { FieldError } from '../../api/status-error.js';
import { duplicate, forbidden, invalid, required } from './field-errors.js';
import { child, index, key } from './field-path.js';
import { go, goQuote, goSlice, goStruct } from './go-syntax.js';
import { isDualStack, validateIP } from './ip.js';
import { inclusiveRangeError, isQualifiedName, nameIsDNSSubdomain } from './names.js';
import { validateObjectMetaUpdate } from './object-meta.js';
import { validatePodMetadataAndSpec, validatePodSpecificAnnotations } from './pod.js';
import { podQOSClass } from './pod-qos.js';
import { validateTolerations } from './pod-scheduling.js';
import { podSpecDiff } from './pod-spec-diff.js';

const maxInt32 = 2147483647;
const updatableFields = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];
const mirrorPodAnnotation = 'kubernetes.io/config.mirror';
const appArmorPrefix = 'container.apparmor.security.beta.kubernetes.io/';

function validateAnnotationUpdates(pod: Pod, old: Pod, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const now = pod.metadata?.annotations ?? {};
  const before = old.metadata?.annotations ?? {};
  for (const k of Object.keys(before).sort()) {
    if (Object.hasOwn(now, k) && now[k] === before[k]) continue;
    if (k.startsWith(appArmorPrefix))
      errs.push(forbidden(key(field, k), 'may not remove or update AppArmor annotations'));
    if (k === mirrorPodAnnotation)
      errs.push(forbidden(key(field, k), 'may not remove or update mirror pod annotation'));
  }
  for (const k of Object.keys(now).sort()) {
    if (Object.hasOwn(before, k)) continue;
    if (k.startsWith(appArmorPrefix)) errs.push(forbidden(key(field, k), 'may not add AppArmor annotations'));
    if (k === mirrorPodAnnotation) errs.push(forbidden(key(field, k), 'may not add mirror pod annotation'));
  }
  return [...errs, ...validatePodSpecificAnnotations(now, pod.spec ?? { containers: [] }, field)];
}

function validateContainerUpdates(
  now: readonly Container[],
  before: readonly Container[],
  field: string,
): { errs: FieldError[]; stop: boolean } {
  if (now.length !== before.length)
    return { errs: [forbidden(field, 'pod updates may not add or remove containers')], stop: true };
  const errs: FieldError[] = [];
  now.forEach((c, i) => {
    const image = c.image ?? '';
    if (!image) errs.push(required(child(index(field, i), 'image')));
    if (image.trim().length !== image.length) {
      errs.push(invalid(child(index(field, i), 'image'), image, 'must not have leading or trailing whitespace'));
    }
  });
  return { errs, stop: false };
}

function sameExceptSeconds(old: Toleration, now: Toleration): boolean {
  const { tolerationSeconds: _a, ...a } = old;
  const { tolerationSeconds: _b, ...b } = now;
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(o: object): object {
  return Object.fromEntries(Object.entries(o).sort(([x], [y]) => x.localeCompare(y)));
}

function validateOnlyAddedTolerations(
  now: readonly Toleration[],
  before: readonly Toleration[],
  field: string,
): FieldError[] {
  for (const old of before) {
    if (!now.some((t) => sameExceptSeconds(old, t))) {
      return [forbidden(field, 'existing toleration can not be modified except its tolerationSeconds')];
    }
  }
  return validateTolerations(now, field);
}

function validateActiveDeadline(now: PodSpec, before: PodSpec): { errs: FieldError[]; stop: boolean } {
  const field = 'spec.activeDeadlineSeconds';
  const n = now.activeDeadlineSeconds;
  const o = before.activeDeadlineSeconds;
  if (n !== undefined && n !== null) {
    if (n < 0 || n > maxInt32) return { errs: [invalid(field, n, inclusiveRangeError(0, maxInt32))], stop: true };
    if (o !== undefined && o !== null && o < n) {
      return { errs: [invalid(field, n, 'must be less than or equal to previous value')], stop: true };
    }
  } else if (o !== undefined && o !== null) {
    return { errs: [invalid(field, null, 'must not update from a positive integer to nil value')], stop: false };
  }
  return { errs: [], stop: false };
}

/** The spec with every field a user may change put back to its old value. */
function mungedSpec(now: PodSpec, before: PodSpec): PodSpec {
  const out = structuredClone(now);
  const withOldImage = (c: Container, old: Container | undefined): Container => {
    const copy = { ...c };
    if (old?.image === undefined) delete copy.image;
    else copy.image = old.image;
    return copy;
  };
  out.containers = out.containers.map((c, i) => withOldImage(c, before.containers[i]));
  if (out.initContainers)
    out.initContainers = out.initContainers.map((c, i) => withOldImage(c, before.initContainers?.[i]));
  const setOrDelete = <K extends keyof PodSpec>(k: K): void => {
    if (before[k] === undefined) delete out[k];
    else out[k] = before[k];
  };
  setOrDelete('activeDeadlineSeconds');
  setOrDelete('schedulingGates');
  setOrDelete('tolerations');
  const oldGrace = before.terminationGracePeriodSeconds;
  if (oldGrace !== undefined && oldGrace !== null && oldGrace < 0 && out.terminationGracePeriodSeconds === 1) {
    out.terminationGracePeriodSeconds = oldGrace;
  }
  if ((before.schedulingGates ?? []).length > 0) {
    setOrDelete('nodeSelector');
    setOrDelete('affinity');
  }
  return out;
}

function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) =>
    val && typeof val === 'object' && !Array.isArray(val) ? sortKeys(val as object) : val,
  );
}

/** A pod update: only images, activeDeadlineSeconds, added tolerations and removed scheduling gates may change. */
export function validatePodUpdate(pod: Pod, old: Pod): FieldError[] {
  const errs = validateObjectMetaUpdate(
    (pod.metadata ?? {}) as ObjectMeta,
    (old.metadata ?? {}) as ObjectMeta,
    'metadata',
  );
  errs.push(...validatePodMetadataAndSpec(pod));
  errs.push(...validateAnnotationUpdates(pod, old, 'metadata.annotations'));
  const now = pod.spec ?? ({ containers: [] } as PodSpec);
  const before = old.spec ?? ({ containers: [] } as PodSpec);
  for (const [name, path] of [
    ['containers', 'spec.containers'],
    ['initContainers', 'spec.initContainers'],
  ] as const) {
    const r = validateContainerUpdates(now[name] ?? [], before[name] ?? [], path);
    errs.push(...r.errs);
    if (r.stop) return errs;
  }
  const deadline = validateActiveDeadline(now, before);
  errs.push(...deadline.errs);
  if (deadline.stop) return errs;
  errs.push(...validateOnlyAddedTolerations(now.tolerations ?? [], before.tolerations ?? [], 'spec.tolerations'));
  const oldGates = new Set((before.schedulingGates ?? []).map((g) => g.name));
  (now.schedulingGates ?? []).forEach((g, i) => {
    if (!oldGates.has(g.name)) {
      errs.push(
        forbidden(
          child(index('spec.schedulingGates', i), 'name'),
          `only deletion is allowed, but found new scheduling gate '${g.name}'`,
        ),
      );
    }
  });
  if (canonical(now) === canonical(before)) return errs;
  if (podQOSClass(old, true) !== podQOSClass(pod, false)) {
    errs.push(invalid('metadata', pod.status?.qosClass ?? '', 'Pod QoS is immutable'));
  }
  const munged = mungedSpec(now, before);
  if (canonical(munged) !== canonical(before)) {
    errs.push(
      forbidden(
        'spec',
        `pod updates may not change fields other than ${updatableFields.join(',')}\n${podSpecDiff(before, munged)}`,
      ),
    );
  }
  return errs;
}

function validateIPList(items: readonly { ip?: string }[], type: string, field: string): FieldError[] {
  const errs: FieldError[] = [];
  items.forEach((it, i) => {
    errs.push(...validateIP(index(field, i), it.ip ?? ''));
  });
  if (items.length > 1) {
    const ips = items.map((it) => it.ip ?? '');
    const rendered = go(
      goSlice(
        `core.${type}`,
        ips.map((ip) => goStruct(`core.${type}`, [['IP', goQuote(ip)]])),
      ),
    );
    if (!isDualStack(ips) || ips.length > 2)
      errs.push(invalid(field, rendered, 'may specify no more than one IP for each IP family'));
    const seen = new Set<string>();
    ips.forEach((ip, i) => {
      if (seen.has(ip)) errs.push(duplicate(index(field, i), go(goStruct(`core.${type}`, [['IP', goQuote(ip)]]))));
      seen.add(ip);
    });
  }
  return errs;
}

function terminatedAgain(pod: Pod, old: Pod, kind: 'containerStatuses' | 'initContainerStatuses'): FieldError[] {
  const policy = old.spec?.restartPolicy ?? '';
  if (policy === 'Always') return [];
  const errs: FieldError[] = [];
  const sidecars = new Set(
    (old.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name),
  );
  (old.status?.[kind] ?? []).forEach((o, i) => {
    const t = o.state?.terminated;
    if (!t) return;
    if (t.exitCode !== 0 && policy === 'OnFailure') return;
    if (kind === 'initContainerStatuses' && sidecars.has(o.name)) return;
    for (const n of pod.status?.[kind] ?? []) {
      if (n.name === o.name && !n.state?.terminated) {
        errs.push(
          forbidden(child(index(`status.${kind}`, i), 'state'), 'may not be transitioned to non-terminated state'),
        );
      }
    }
  });
  return errs;
}

/** A write to `pods/status`: conditions, node name, container state transitions and pod/host IPs. */
export function validatePodStatusUpdate(pod: Pod, old: Pod): FieldError[] {
  const errs = validateObjectMetaUpdate(
    (pod.metadata ?? {}) as ObjectMeta,
    (old.metadata ?? {}) as ObjectMeta,
    'metadata',
  );
  errs.push(...validateAnnotationUpdates(pod, old, 'metadata.annotations'));
  const system = new Set(['PodScheduled', 'Ready', 'Initialized']);
  (pod.status?.conditions ?? []).forEach((c, i) => {
    if (system.has(c.type)) return;
    const p = child(index('metadata.conditions', i), 'Type');
    errs.push(...isQualifiedName(c.type).map((msg) => invalid(p, c.type, msg)));
  });
  if ((pod.spec?.nodeName ?? '') !== (old.spec?.nodeName ?? ''))
    errs.push(forbidden('status.nodeName', 'may not be changed directly'));
  const nominated = pod.status?.nominatedNodeName ?? '';
  if (nominated && nominated !== (old.status?.nominatedNodeName ?? '')) {
    errs.push(
      ...nameIsDNSSubdomain(nominated, false).map((msg) => invalid('status.nominatedNodeName', nominated, msg)),
    );
  }
  errs.push(...terminatedAgain(pod, old, 'containerStatuses'), ...terminatedAgain(pod, old, 'initContainerStatuses'));
  errs.push(...validateIPList(pod.status?.podIPs ?? [], 'PodIP', 'status.podIPs'));
  const hostIPs = pod.status?.hostIPs ?? [];
  if (hostIPs.length > 0) {
    if ((pod.status?.hostIP ?? '') !== (hostIPs[0]?.ip ?? '')) {
      errs.push(invalid('status.hostIPs[0].ip', hostIPs[0]?.ip ?? '', 'must be equal to `hostIP`'));
    }
    errs.push(...validateIPList(hostIPs, 'HostIP', 'status.hostIPs'));
  }
  return errs;
}
