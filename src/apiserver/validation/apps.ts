/** Deployments and ReplicaSets (kubernetes `pkg/apis/apps/validation` and the apps/v1 selector rule). */
import type { Deployment, DeploymentStrategy, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import type { ObjectMeta } from '../../api/object.js';
import type { FieldError } from '../../api/status-error.js';
import { fieldImmutableErrorMsg, forbidden, invalid, notSupported, required } from './field-errors.js';
import { child } from './field-path.js';
import { go, goIntOrString, goLabelSelector, goPointer, goQuote, goStringMap, goStruct } from './go-syntax.js';
import { compileLabelSelector, type LabelSelector, selectorMatches, validateLabelSelector } from './labels.js';
import { isValidPercent, nameIsDNSSubdomain } from './names.js';
import { validateNonnegative, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { validatePodTemplateSpec } from './pod.js';

type IntOrString = number | string;

function percentValue(v: IntOrString | undefined): number | undefined {
  if (typeof v !== 'string' || isValidPercent(v).length > 0) return undefined;
  return Number(v.slice(0, -1));
}

function intOrPercentValue(v: IntOrString | undefined): number {
  const pct = percentValue(v);
  if (pct !== undefined) return pct;
  if (typeof v === 'number') return v;
  const n = Number.parseInt(v ?? '', 10);
  return Number.isNaN(n) ? 0 : n;
}

function validatePositiveIntOrPercent(v: IntOrString | undefined, field: string): FieldError[] {
  if (typeof v === 'string') return isValidPercent(v).map((msg) => invalid(field, go(goIntOrString(v)), msg));
  return validateNonnegative(v ?? 0, field);
}

function validateStrategy(strategy: DeploymentStrategy | undefined, field: string): FieldError[] {
  const type = strategy?.type ?? '';
  if (type === 'Recreate') {
    return strategy?.rollingUpdate
      ? [forbidden(child(field, 'rollingUpdate'), "may not be specified when strategy `type` is 'Recreate'")]
      : [];
  }
  if (type === 'RollingUpdate') {
    const ru = strategy?.rollingUpdate;
    if (!ru) return [required(child(field, 'rollingUpdate'), 'this should be defaulted and never be nil')];
    const p = child(field, 'rollingUpdate');
    const errs = [
      ...validatePositiveIntOrPercent(ru.maxUnavailable, child(p, 'maxUnavailable')),
      ...validatePositiveIntOrPercent(ru.maxSurge, child(p, 'maxSurge')),
    ];
    if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
      errs.push(
        invalid(
          child(p, 'maxUnavailable'),
          go(goIntOrString(ru.maxUnavailable ?? 0)),
          'may not be 0 when `maxSurge` is 0',
        ),
      );
    }
    const pct = percentValue(ru.maxUnavailable);
    if (pct !== undefined && pct > 100) {
      errs.push(
        invalid(child(p, 'maxUnavailable'), go(goIntOrString(ru.maxUnavailable)), 'must not be greater than 100%'),
      );
    }
    return errs;
  }
  const rendered = goStruct('apps.DeploymentStrategy', [
    ['Type', goQuote(type)],
    ['RollingUpdate', goPointer('apps.RollingUpdateDeployment', strategy?.rollingUpdate !== undefined)],
  ]);
  return [notSupported(field, go(rendered), ['Recreate', 'RollingUpdate'])];
}

interface WorkloadSpec {
  replicas?: number;
  minReadySeconds?: number;
  selector?: LabelSelector;
  template?: PodTemplateSpec;
}

/** Selector (required, non-empty, valid) and a template it selects, run by the Always restart policy. */
function validateSelectorAndTemplate(spec: WorkloadSpec, kind: string): FieldError[] {
  const errs: FieldError[] = [];
  const selector = spec.selector;
  if (!selector) errs.push(required('spec.selector'));
  else {
    errs.push(...validateLabelSelector(selector, {}, 'spec.selector'));
    if (Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length === 0) {
      errs.push(invalid('spec.selector', go(goLabelSelector(selector)), `empty selector is invalid for ${kind}`));
    }
  }
  const compiled = compileLabelSelector(selector);
  if (compiled.kind === 'invalid') {
    errs.push(invalid('spec.selector', go(goLabelSelector(selector)), 'invalid label selector'));
    return errs;
  }
  const template = spec.template ?? {};
  const labels = template.metadata?.labels;
  if (compiled.kind !== 'everything' && !selectorMatches(compiled, labels)) {
    errs.push(
      invalid('spec.template.metadata.labels', go(goStringMap(labels)), '`selector` does not match template `labels`'),
    );
  }
  errs.push(...validatePodTemplateSpec(template, 'spec.template'));
  const restart = template.spec?.restartPolicy ?? '';
  if (restart !== 'Always') errs.push(notSupported('spec.template.spec.restartPolicy', restart, ['Always']));
  if (template.spec?.activeDeadlineSeconds !== undefined && template.spec.activeDeadlineSeconds !== null) {
    errs.push(
      forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in ReplicaSet is not Supported'),
    );
  }
  return errs;
}

function validateDeploymentSpec(d: Deployment): FieldError[] {
  const spec = d.spec ?? ({} as NonNullable<Deployment['spec']>);
  const errs = validateNonnegative(spec.replicas ?? 0, 'spec.replicas');
  errs.push(...validateSelectorAndTemplate(spec, 'deployment'));
  errs.push(...validateStrategy(spec.strategy, 'spec.strategy'));
  errs.push(...validateNonnegative(spec.minReadySeconds ?? 0, 'spec.minReadySeconds'));
  if (spec.revisionHistoryLimit !== undefined && spec.revisionHistoryLimit !== null) {
    errs.push(...validateNonnegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  }
  const pds = spec.progressDeadlineSeconds;
  if (pds !== undefined && pds !== null) {
    errs.push(...validateNonnegative(pds, 'spec.progressDeadlineSeconds'));
    if (pds <= (spec.minReadySeconds ?? 0))
      errs.push(invalid('spec.progressDeadlineSeconds', pds, 'must be greater than minReadySeconds'));
  }
  return errs;
}

function validateReplicaSetSpec(rs: ReplicaSet): FieldError[] {
  const spec = rs.spec ?? ({} as NonNullable<ReplicaSet['spec']>);
  const errs = validateNonnegative(spec.replicas ?? 0, 'spec.replicas');
  errs.push(...validateNonnegative(spec.minReadySeconds ?? 0, 'spec.minReadySeconds'));
  errs.push(...validateSelectorAndTemplate(spec, 'deployment'));
  return errs;
}

/** apps/v1 forbids changing `spec.selector` once set. */
function selectorImmutable(now: LabelSelector | undefined, before: LabelSelector | undefined): FieldError[] {
  if (JSON.stringify(normalizeSelector(now)) === JSON.stringify(normalizeSelector(before))) return [];
  return [invalid('spec.selector', now ? go(goLabelSelector(now)) : null, fieldImmutableErrorMsg)];
}

function normalizeSelector(s: LabelSelector | undefined): unknown {
  if (!s) return null;
  const labels = s.matchLabels ?? {};
  return {
    matchLabels: Object.fromEntries(
      Object.keys(labels)
        .sort()
        .map((k) => [k, labels[k]]),
    ),
    matchExpressions: (s.matchExpressions ?? []).map((e) => [e.key ?? '', e.operator ?? '', e.values ?? []]),
  };
}

function meta(o: { metadata?: unknown }): ObjectMeta {
  return (o.metadata ?? {}) as ObjectMeta;
}

export function validateDeployment(d: Deployment): FieldError[] {
  return [...validateObjectMeta(meta(d), true, nameIsDNSSubdomain), ...validateDeploymentSpec(d)];
}

export function validateDeploymentUpdate(d: Deployment, old: Deployment): FieldError[] {
  return [
    ...validateObjectMetaUpdate(meta(d), meta(old)),
    ...validateDeploymentSpec(d),
    ...selectorImmutable(d.spec?.selector, old.spec?.selector),
  ];
}

export function validateReplicaSet(rs: ReplicaSet): FieldError[] {
  return [...validateObjectMeta(meta(rs), true, nameIsDNSSubdomain), ...validateReplicaSetSpec(rs)];
}

export function validateReplicaSetUpdate(rs: ReplicaSet, old: ReplicaSet): FieldError[] {
  return [
    ...validateObjectMetaUpdate(meta(rs), meta(old)),
    ...validateReplicaSetSpec(rs),
    ...selectorImmutable(rs.spec?.selector, old.spec?.selector),
  ];
}
