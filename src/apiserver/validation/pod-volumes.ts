/** Pod volumes (kubernetes `pkg/apis/core/validation`: ValidateVolumes and the volume sources kubeling serves). */
import type { DownwardAPIVolumeFile, KeyToPath, Volume } from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../../api/status-error.js';
import { duplicate, forbidden, invalid, notSupported, required } from './field-errors.js';
import { child, index } from './field-path.js';
import { isDNS1123Label, isDNS1123Subdomain } from './names.js';
import { validateObjectFieldSelector, validateResourceFieldSelector } from './pod-env.js';
import { parseQuantity, quantitySign } from './quantity.js';

/** Volume source fields in upstream's order, with the path it uses in "more than 1 volume type" errors. */
const volumeTypes: readonly (readonly [string, string])[] = [
  ['emptyDir', 'emptyDir'],
  ['hostPath', 'hostPath'],
  ['gitRepo', 'gitRepo'],
  ['gcePersistentDisk', 'gcePersistentDisk'],
  ['awsElasticBlockStore', 'awsElasticBlockStore'],
  ['secret', 'secret'],
  ['nfs', 'nfs'],
  ['iscsi', 'iscsi'],
  ['glusterfs', 'glusterfs'],
  ['flocker', 'flocker'],
  ['persistentVolumeClaim', 'persistentVolumeClaim'],
  ['rbd', 'rbd'],
  ['cinder', 'cinder'],
  ['cephfs', 'cephFS'],
  ['quobyte', 'quobyte'],
  ['downwardAPI', 'downwarAPI'],
  ['fc', 'fc'],
  ['flexVolume', 'flexVolume'],
  ['configMap', 'configMap'],
  ['azureFile', 'azureFile'],
  ['vsphereVolume', 'vsphereVolume'],
  ['photonPersistentDisk', 'photonPersistentDisk'],
  ['portworxVolume', 'portworxVolume'],
  ['azureDisk', 'azureDisk'],
  ['storageos', 'storageos'],
  ['projected', 'projected'],
  ['scaleIO', 'scaleIO'],
  ['csi', 'csi'],
  ['ephemeral', 'ephemeral'],
  ['image', 'image'],
];

export const fileModeErrorMsg = 'must be a number between 0 and 0777 (octal), both inclusive';

function validateMode(mode: number | undefined, field: string): FieldError[] {
  return mode !== undefined && (mode > 0o777 || mode < 0) ? [invalid(field, mode, fileModeErrorMsg)] : [];
}

/** No `..` element. */
export function validatePathNoBacksteps(target: string, field: string): FieldError[] {
  return target.split('/').includes('..') ? [invalid(field, target, "must not contain '..'")] : [];
}

/** Relative, without `..` elements. */
export function validateLocalDescendingPath(target: string, field: string): FieldError[] {
  const errs: FieldError[] = [];
  if (target.startsWith('/')) errs.push(invalid(field, target, 'must be a relative path'));
  return [...errs, ...validatePathNoBacksteps(target, field)];
}

/** Relative, without `..` elements, and not starting with `..`. */
export function validateLocalNonReservedPath(target: string, field: string): FieldError[] {
  const errs = validateLocalDescendingPath(target, field);
  if (target.startsWith('..') && !target.startsWith('../'))
    errs.push(invalid(field, target, "must not start with '..'"));
  return errs;
}

function validateKeyToPath(kp: KeyToPath, field: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!kp.key) errs.push(required(child(field, 'key')));
  if (!kp.path) errs.push(required(child(field, 'path')));
  errs.push(...validateLocalNonReservedPath(kp.path ?? '', child(field, 'path')));
  errs.push(...validateMode(kp.mode, child(field, 'mode')));
  return errs;
}

function validateItems(items: readonly KeyToPath[] | undefined, field: string): FieldError[] {
  return (items ?? []).flatMap((kp, i) => validateKeyToPath(kp, index(field, i)));
}

const hostPathTypes = [
  '',
  'BlockDevice',
  'CharDevice',
  'Directory',
  'DirectoryOrCreate',
  'File',
  'FileOrCreate',
  'Socket',
];

function validateDownwardAPIFile(file: DownwardAPIVolumeFile, field: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!file.path) errs.push(required(child(field, 'path')));
  errs.push(...validateLocalNonReservedPath(file.path ?? '', child(field, 'path')));
  if (file.fieldRef) {
    errs.push(...validateObjectFieldSelector(file.fieldRef, 'volume', child(field, 'fieldRef')));
    if (file.resourceFieldRef) {
      errs.push(invalid(field, 'resource', 'fieldRef and resourceFieldRef can not be specified simultaneously'));
    }
  } else if (file.resourceFieldRef) {
    errs.push(...validateResourceFieldSelector(file.resourceFieldRef, true, child(field, 'resourceFieldRef')));
  } else {
    errs.push(required(field, 'one of fieldRef and resourceFieldRef is required'));
  }
  errs.push(...validateMode(file.mode, child(field, 'mode')));
  return errs;
}

function validateProjected(v: NonNullable<Volume['projected']>, field: string): FieldError[] {
  const errs = validateMode(v.defaultMode, child(field, 'defaultMode'));
  const paths = new Set<string>();
  const claim = (p: string | undefined, value: string): void => {
    if (!p) return;
    if (paths.has(p)) errs.push(invalid(field, value, 'conflicting duplicate paths'));
    else paths.add(p);
  };
  (v.sources ?? []).forEach((src, i) => {
    const srcPath = index(child(field, 'sources'), i);
    let count = 0;
    for (const [kind, ref] of [
      ['secret', src.secret],
      ['configMap', src.configMap],
    ] as const) {
      if (!ref) continue;
      count++;
      if (!ref.name) errs.push(required(child(srcPath, kind, 'name')));
      (ref.items ?? []).forEach((kp, j) => {
        errs.push(...validateKeyToPath(kp, index(child(srcPath, kind, 'items'), j)));
        claim(kp.path, ref.name ?? '');
      });
    }
    if (src.downwardAPI) {
      count++;
      for (const file of src.downwardAPI.items ?? []) {
        errs.push(...validateDownwardAPIFile(file, child(srcPath, 'downwardAPI')));
        claim(file.path, file.path ?? '');
      }
    }
    if (src.serviceAccountToken) {
      count++;
      const t = src.serviceAccountToken;
      const seconds = t.expirationSeconds ?? 3600;
      const tPath = child(srcPath, 'serviceAccountToken');
      if (seconds < 600) {
        errs.push(
          invalid(child(tPath, 'expirationSeconds'), seconds, 'may not specify a duration less than 10 minutes'),
        );
      }
      if (seconds > 2 ** 32) {
        errs.push(
          invalid(child(tPath, 'expirationSeconds'), seconds, 'may not specify a duration larger than 2^32 seconds'),
        );
      }
      if (!t.path) errs.push(required(child(field, 'path')));
      else errs.push(...validateLocalNonReservedPath(t.path, child(field, 'path')));
    }
    if (src.clusterTrustBundle) count++;
    if (count > 1) errs.push(forbidden(srcPath, 'may not specify more than 1 volume type per source'));
  });
  return errs;
}

function validateSource(v: Volume, field: string, podName: string | undefined): FieldError[] {
  const errs: FieldError[] = [];
  const src = v as unknown as Record<string, unknown>;
  let count = 0;
  for (const [name, forbidName] of volumeTypes) {
    if (src[name] === undefined || src[name] === null) continue;
    if (count > 0) {
      errs.push(forbidden(child(field, forbidName), 'may not specify more than 1 volume type'));
      continue;
    }
    count++;
    errs.push(...validateOneSource(v, name, field, podName));
  }
  if (count === 0) errs.push(required(field, 'must specify a volume type'));
  return errs;
}

function validateOneSource(v: Volume, name: string, field: string, podName: string | undefined): FieldError[] {
  const p = child(field, name);
  switch (name) {
    case 'emptyDir': {
      const limit = v.emptyDir?.sizeLimit;
      const q = limit === undefined ? undefined : parseQuantity(limit);
      return q && quantitySign(q) < 0
        ? [forbidden(child(p, 'sizeLimit'), 'SizeLimit field must be a valid resource quantity')]
        : [];
    }
    case 'hostPath': {
      const h = v.hostPath!;
      if (!h.path) return [required(child(p, 'path'))];
      const errs = validatePathNoBacksteps(h.path, child(p, 'path'));
      if (h.type !== undefined && !hostPathTypes.includes(h.type))
        errs.push(notSupported(child(p, 'type'), h.type, hostPathTypes));
      return errs;
    }
    case 'secret': {
      const s = v.secret!;
      const errs = s.secretName ? [] : [required(child(p, 'secretName'))];
      return [
        ...errs,
        ...validateMode(s.defaultMode, child(p, 'defaultMode')),
        ...validateItems(s.items, child(p, 'items')),
      ];
    }
    case 'configMap': {
      const c = v.configMap!;
      const errs = c.name ? [] : [required(child(p, 'name'))];
      return [
        ...errs,
        ...validateMode(c.defaultMode, child(p, 'defaultMode')),
        ...validateItems(c.items, child(p, 'items')),
      ];
    }
    case 'persistentVolumeClaim':
      return v.persistentVolumeClaim?.claimName ? [] : [required(child(p, 'claimName'))];
    case 'nfs': {
      const n = v.nfs!;
      const errs: FieldError[] = [];
      if (!n.server) errs.push(required(child(p, 'server')));
      if (!n.path) errs.push(required(child(p, 'path')));
      if (!(n.path ?? '').startsWith('/'))
        errs.push(invalid(child(p, 'path'), n.path ?? '', 'must be an absolute path'));
      return errs;
    }
    case 'downwardAPI': {
      const d = v.downwardAPI!;
      const errs = validateMode(d.defaultMode, child(p, 'defaultMode'));
      for (const file of d.items ?? []) errs.push(...validateDownwardAPIFile(file, p));
      return errs;
    }
    case 'projected':
      return validateProjected(v.projected!, p);
    case 'gitRepo': {
      const g = v.gitRepo!;
      const errs = g.repository ? [] : [required(child(p, 'repository'))];
      return [...errs, ...validateLocalDescendingPath(g.directory ?? '', child(p, 'directory'))];
    }
    case 'ephemeral': {
      if (!v.ephemeral?.volumeClaimTemplate) return [required(child(p, 'volumeClaimTemplate'))];
      if (!podName || !v.name) return [];
      const pvcName = `${podName}-${v.name}`;
      return isDNS1123Subdomain(pvcName).map((msg) =>
        invalid(child(field, 'name'), v.name ?? '', `PVC name "${pvcName}": ${msg}`),
      );
    }
    default:
      return [];
  }
}

/** The volumes of a pod spec: their errors, and the names that containers may mount. */
export function validateVolumes(
  volumes: readonly Volume[] | undefined,
  podName: string | undefined,
  field: string,
): { names: Map<string, Volume>; errors: FieldError[] } {
  const names = new Map<string, Volume>();
  const errors: FieldError[] = [];
  const ephemeralClaims = new Set<string>();
  if (podName) for (const v of volumes ?? []) if (v.ephemeral) ephemeralClaims.add(`${podName}-${v.name}`);
  (volumes ?? []).forEach((v, i) => {
    const p = index(field, i);
    const namePath = child(p, 'name');
    const el = validateSource(v, p, podName);
    if (!v.name) el.push(required(namePath));
    else el.push(...isDNS1123Label(v.name).map((msg) => invalid(namePath, v.name ?? '', msg)));
    if (names.has(v.name ?? '')) el.push(duplicate(namePath, v.name ?? ''));
    if (el.length === 0) names.set(v.name ?? '', v);
    else errors.push(...el);
    const claim = v.persistentVolumeClaim?.claimName;
    if (claim && ephemeralClaims.has(claim)) {
      errors.push(
        invalid(
          child(p, 'persistentVolumeClaim', 'claimName'),
          claim,
          'must not reference a PVC that gets created for an ephemeral volume',
        ),
      );
    }
  });
  return { names, errors };
}
