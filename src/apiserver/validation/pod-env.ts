/** Container environment: `env`, `envFrom` and the downward API selectors (kubernetes core validation). */
import type { EnvFromSource, EnvVar, ObjectFieldSelector, ResourceFieldSelector } from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../../api/status-error.js';
import { invalid, notSupported, required } from './field-errors.js';
import { child, index } from './field-path.js';
import { isConfigMapKey, isQualifiedName, isRelaxedEnvVarName, nameIsDNSSubdomain } from './names.js';
import { formatQuantity, parseQuantity, quantitySign } from './quantity.js';

const envFieldPaths = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
];
const volumeFieldPaths = [
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
];
const convertibleFieldLabels = new Set([
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.restartPolicy',
  'spec.serviceAccountName',
  'spec.schedulerName',
  'status.phase',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
]);
const resourceFieldPaths = [
  'limits.cpu',
  'limits.ephemeral-storage',
  'limits.memory',
  'requests.cpu',
  'requests.ephemeral-storage',
  'requests.memory',
];

/** `metadata.labels['key']` → path and subscript. */
function splitSubscript(fieldPath: string): { path: string; subscript: string } | undefined {
  if (!fieldPath.endsWith("']")) return undefined;
  const s = fieldPath.slice(0, -2);
  const at = s.indexOf("['");
  if (at <= 0) return undefined;
  return { path: s.slice(0, at), subscript: s.slice(at + 2) };
}

/** Go's `ConvertDownwardAPIFieldLabel` for pods: the internal field path, or the conversion error. */
function convertFieldLabel(apiVersion: string, label: string): { path: string } | { error: string } {
  if (apiVersion !== 'v1') return { error: `unsupported pod version: ${apiVersion}` };
  const sub = splitSubscript(label);
  if (sub) {
    if (sub.path === 'metadata.annotations' || sub.path === 'metadata.labels') return { path: label };
    return { error: `field label does not support subscript: ${label}` };
  }
  if (convertibleFieldLabels.has(label)) return { path: label };
  if (label === 'spec.host') return { path: 'spec.nodeName' };
  return { error: `field label not supported: ${label}` };
}

/** A `fieldRef`: the paths allowed for env vars or for volume files. */
export function validateObjectFieldSelector(
  fs: ObjectFieldSelector,
  use: 'env' | 'volume',
  field: string,
): FieldError[] {
  if (!fs.apiVersion) return [required(child(field, 'apiVersion'))];
  if (!fs.fieldPath) return [required(child(field, 'fieldPath'))];
  const converted = convertFieldLabel(fs.apiVersion, fs.fieldPath);
  if ('error' in converted) {
    return [invalid(child(field, 'fieldPath'), fs.fieldPath, `error converting fieldPath: ${converted.error}`)];
  }
  const sub = splitSubscript(converted.path);
  if (sub) {
    if (sub.path === 'metadata.annotations') {
      const v = sub.subscript.toLowerCase();
      return isQualifiedName(v).map((msg) => invalid(field, v, msg));
    }
    if (sub.path === 'metadata.labels')
      return isQualifiedName(sub.subscript).map((msg) => invalid(field, sub.subscript, msg));
    return [invalid(field, sub.path, 'does not support subscript')];
  }
  const allowed = use === 'env' ? envFieldPaths : volumeFieldPaths;
  return allowed.includes(converted.path) ? [] : [notSupported(child(field, 'fieldPath'), converted.path, allowed)];
}

const memoryDivisors = ['1', '1k', '1M', '1G', '1T', '1P', '1E', '1Ki', '1Mi', '1Gi', '1Ti', '1Pi', '1Ei'];

function validateDivisor(resource: string, divisor: unknown, field: string): FieldError[] {
  const q = parseQuantity(divisor);
  if (!q || quantitySign(q) === 0) return [];
  const text = formatQuantity(q);
  const p = child(field, 'divisor');
  const list = '1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei';
  if ((resource === 'limits.cpu' || resource === 'requests.cpu') && text !== '1m' && text !== '1') {
    return [invalid(p, resource, "only divisor's values 1m and 1 are supported with the cpu resource")];
  }
  if ((resource === 'limits.memory' || resource === 'requests.memory') && !memoryDivisors.includes(text)) {
    return [invalid(p, resource, `only divisor's values ${list} are supported with the memory resource`)];
  }
  if (resource.endsWith('.ephemeral-storage') && !memoryDivisors.includes(text)) {
    return [
      invalid(p, resource, `only divisor's values ${list} are supported with the local ephemeral storage resource`),
    ];
  }
  if (/^(requests|limits)\.hugepages-/.test(resource) && !memoryDivisors.includes(text)) {
    return [invalid(p, resource, `only divisor's values ${list} are supported with the hugepages resource`)];
  }
  return [];
}

/** A `resourceFieldRef` (in volumes, `containerName` is required). */
export function validateResourceFieldSelector(fs: ResourceFieldSelector, volume: boolean, field: string): FieldError[] {
  const errs: FieldError[] = [];
  if (volume && !fs.containerName) errs.push(required(child(field, 'containerName')));
  else if (!fs.resource) errs.push(required(child(field, 'resource')));
  else if (!resourceFieldPaths.includes(fs.resource) && !/^(requests|limits)\.hugepages-/.test(fs.resource)) {
    errs.push(notSupported(child(field, 'resource'), fs.resource, resourceFieldPaths));
  }
  return [...errs, ...validateDivisor(fs.resource ?? '', fs.divisor, field)];
}

function validateKeySelector(ref: { name?: string; key?: string }, field: string): FieldError[] {
  const errs = nameIsDNSSubdomain(ref.name ?? '', false).map((msg) =>
    invalid(child(field, 'name'), ref.name ?? '', msg),
  );
  if (!ref.key) errs.push(required(child(field, 'key')));
  else errs.push(...isConfigMapKey(ref.key).map((msg) => invalid(child(field, 'key'), ref.key ?? '', msg)));
  return errs;
}

function validateValueFrom(ev: EnvVar, field: string): FieldError[] {
  const from = ev.valueFrom;
  if (!from) return [];
  const errs: FieldError[] = [];
  let sources = 0;
  if (from.fieldRef) {
    sources++;
    errs.push(...validateObjectFieldSelector(from.fieldRef, 'env', child(field, 'fieldRef')));
  }
  if (from.resourceFieldRef) {
    sources++;
    errs.push(...validateResourceFieldSelector(from.resourceFieldRef, false, child(field, 'resourceFieldRef')));
  }
  if (from.configMapKeyRef) {
    sources++;
    errs.push(...validateKeySelector(from.configMapKeyRef, child(field, 'configMapKeyRef')));
  }
  if (from.secretKeyRef) {
    sources++;
    errs.push(...validateKeySelector(from.secretKeyRef, child(field, 'secretKeyRef')));
  }
  if (sources === 0) {
    errs.push(
      invalid(field, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'),
    );
  } else if (ev.value) {
    errs.push(invalid(field, '', 'may not be specified when `value` is not empty'));
  } else if (sources > 1) {
    errs.push(invalid(field, '', 'may not have more than one field specified at a time'));
  }
  return errs;
}

/** `env[*]`: names (relaxed rules of 1.33) and `valueFrom`. */
export function validateEnv(vars: readonly EnvVar[] | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  (vars ?? []).forEach((ev, i) => {
    const p = index(field, i);
    if (!ev.name) errs.push(required(child(p, 'name')));
    else errs.push(...isRelaxedEnvVarName(ev.name).map((msg) => invalid(child(p, 'name'), ev.name ?? '', msg)));
    errs.push(...validateValueFrom(ev, child(p, 'valueFrom')));
  });
  return errs;
}

/** `envFrom[*]`: prefix, and exactly one of `configMapRef` / `secretRef`. */
export function validateEnvFrom(sources: readonly EnvFromSource[] | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  (sources ?? []).forEach((src, i) => {
    const p = index(field, i);
    if (src.prefix)
      errs.push(...isRelaxedEnvVarName(src.prefix).map((msg) => invalid(child(p, 'prefix'), src.prefix ?? '', msg)));
    let count = 0;
    for (const kind of ['configMapRef', 'secretRef'] as const) {
      const ref = src[kind];
      if (!ref) continue;
      count++;
      if (!ref.name) errs.push(required(child(p, kind, 'name')));
      else
        errs.push(
          ...nameIsDNSSubdomain(ref.name, true).map((msg) => invalid(child(p, kind, 'name'), ref.name ?? '', msg)),
        );
    }
    if (count === 0) errs.push(invalid(field, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (count > 1) errs.push(invalid(field, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}
