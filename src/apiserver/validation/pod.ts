/** Pods and pod templates on create (kubernetes core `ValidatePodCreate`, `ValidatePodTemplateSpec`). */
import type { Pod, PodSpec, PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import type { ObjectMeta } from '../../api/object.js';
import type { FieldError } from '../../api/status-error.js';
import { forbidden, invalid } from './field-errors.js';
import { child, index, key } from './field-path.js';
import { validateAnnotations, validateLabels } from './labels.js';
import { nameIsDNSSubdomain } from './names.js';
import { validateObjectMeta } from './object-meta.js';
import { validatePodSpec } from './pod-spec.js';

const mirrorPodAnnotation = 'kubernetes.io/config.mirror';
const podDeletionCost = 'controller.kubernetes.io/pod-deletion-cost';

/** Go's `GetDeletionCostFromPodAnnotations`: no `+`, no leading zeros, a 32-bit integer. */
function validDeletionCost(value: string): boolean {
  const first = value[0] ?? '';
  if (!(first === '-' || value === '0' || (first >= '1' && first <= '9'))) return false;
  if (!/^-?[0-9]+$/.test(value)) return false;
  const n = Number(value);
  return n >= -2147483648 && n <= 2147483647;
}

/** Annotations with meaning for pods: the mirror-pod marker and the deletion cost. */
export function validatePodSpecificAnnotations(
  annotations: Readonly<Record<string, string>> | undefined,
  spec: PodSpec,
  field: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const a = annotations ?? {};
  if (Object.hasOwn(a, mirrorPodAnnotation) && !spec.nodeName) {
    errs.push(
      invalid(
        key(field, mirrorPodAnnotation),
        a[mirrorPodAnnotation] ?? '',
        'must set spec.nodeName if mirror pod annotation is set',
      ),
    );
  }
  if (Object.hasOwn(a, podDeletionCost) && !validDeletionCost(a[podDeletionCost] ?? '')) {
    errs.push(invalid(key(field, podDeletionCost), a[podDeletionCost] ?? '', 'must be a 32bit integer'));
  }
  return errs;
}

function validateImageWhitespace(containers: PodSpec['containers'] | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  (containers ?? []).forEach((c, i) => {
    const image = c.image ?? '';
    if (image.trim().length !== image.length) {
      errs.push(invalid(child(index(field, i), 'image'), image, 'must not have leading or trailing whitespace'));
    }
  });
  return errs;
}

/** What pod create and update share: metadata, pod annotations, spec, and pod-only container checks. */
export function validatePodMetadataAndSpec(pod: Pod): FieldError[] {
  const meta = (pod.metadata ?? {}) as ObjectMeta;
  const spec = pod.spec ?? ({ containers: [] } as PodSpec);
  const errs = validateObjectMeta(meta, true, nameIsDNSSubdomain, 'metadata');
  errs.push(...validatePodSpecificAnnotations(meta.annotations, spec, 'metadata.annotations'));
  errs.push(...validatePodSpec(spec, meta.name, 'spec', { resourceIsPod: true }));
  if (!spec.serviceAccountName) {
    (spec.volumes ?? []).forEach((v, vi) => {
      (v.projected?.sources ?? []).forEach((src, si) => {
        if (src.serviceAccountToken) {
          const p = child(index(child(index('spec.volumes', vi), 'projected', 'sources'), si), 'serviceAccountToken');
          errs.push(forbidden(p, 'must not be specified when serviceAccountName is not set'));
        }
      });
    });
  }
  errs.push(...validateImageWhitespace(spec.containers, 'spec.containers'));
  errs.push(...validateImageWhitespace(spec.initContainers, 'spec.initContainers'));
  return errs;
}

/** A new Pod. */
export function validatePodCreate(pod: Pod): FieldError[] {
  const errs = validatePodMetadataAndSpec(pod);
  const spec = pod.spec;
  if ((spec?.ephemeralContainers ?? []).length > 0)
    errs.push(forbidden('spec.ephemeralContainers', 'cannot be set on create'));
  if (spec?.nodeName && (spec.schedulingGates ?? []).length > 0) {
    errs.push(forbidden('spec.nodeName', 'cannot be set until all schedulingGates have been cleared'));
  }
  return errs;
}

/** A pod template inside a workload (`spec.template`); note that upstream reports labels at `<path>.labels`. */
export function validatePodTemplateSpec(template: PodTemplateSpec, field: string): FieldError[] {
  const meta = template.metadata ?? {};
  const spec = template.spec ?? ({ containers: [] } as PodSpec);
  const errs = validateLabels(meta.labels, child(field, 'labels'));
  errs.push(...validateAnnotations(meta.annotations, child(field, 'annotations')));
  errs.push(...validatePodSpecificAnnotations(meta.annotations, spec, child(field, 'annotations')));
  errs.push(...validatePodSpec(spec, undefined, child(field, 'spec'), { resourceIsPod: false }));
  if ((spec.ephemeralContainers ?? []).length > 0) {
    errs.push(
      forbidden(child(field, 'spec', 'ephemeralContainers'), 'ephemeral containers not allowed in pod template'),
    );
  }
  return errs;
}
