/**
 * Values of the downward API (env `fieldRef`/`resourceFieldRef` and `downwardAPI` volume items), as the kubelet
 * computes them: `podFieldSelectorRuntimeValue`, `fieldpath.ExtractFieldPathAsString` and
 * `resource.ExtractContainerResourceValue` with limits defaulted to the node's allocatable.
 */
import type { Container, ObjectFieldSelector, Pod, ResourceFieldSelector } from 'kubernetes-types/core/v1.js';
import { quantityMilliValue, quantityValue } from '../quantity.js';

/** A downward API reference that cannot be resolved: the container fails with CreateContainerConfigError. */
export class ContainerConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContainerConfigError';
  }
}

export interface PodAddresses {
  podIP: string;
  hostIP: string;
}

/** `fieldpath.FormatMap`: sorted `key="value"` lines. */
export function formatMap(m: Readonly<Record<string, string>> | undefined): string {
  return Object.keys(m ?? {})
    .sort()
    .map((k) => `${k}=${JSON.stringify(m?.[k] ?? '')}`)
    .join('\n');
}

const subscript = /^metadata\.(labels|annotations)\['(.*)'\]$/;

/** The value of a `fieldRef`. */
export function fieldRefValue(selector: ObjectFieldSelector, pod: Pod, addresses: PodAddresses): string {
  const path = selector.fieldPath;
  const meta = pod.metadata ?? {};
  const sub = subscript.exec(path);
  if (sub) {
    const map = sub[1] === 'labels' ? meta.labels : meta.annotations;
    return map?.[sub[2] ?? ''] ?? '';
  }
  switch (path) {
    case 'metadata.name':
      return meta.name ?? '';
    case 'metadata.namespace':
      return meta.namespace ?? '';
    case 'metadata.uid':
      return meta.uid ?? '';
    case 'metadata.labels':
      return formatMap(meta.labels);
    case 'metadata.annotations':
      return formatMap(meta.annotations);
    case 'spec.nodeName':
      return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? '';
    case 'status.hostIP':
    case 'status.hostIPs':
      return addresses.hostIP;
    case 'status.podIP':
    case 'status.podIPs':
      return addresses.podIP;
    default:
      throw new ContainerConfigError(`unsupported fieldPath: ${path}`);
  }
}

function findContainer(pod: Pod, name: string): Container | undefined {
  return [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((c) => c.name === name);
}

/**
 * The value of a `resourceFieldRef` for `container` (or the one it names): CPU in units of the divisor rounded
 * up (`1` by default, so `250m` reads `1`), memory and storage likewise; limits not set read the node's
 * allocatable.
 */
export function resourceFieldRefValue(
  selector: ResourceFieldSelector,
  pod: Pod,
  container: Container | undefined,
  nodeAllocatable: Readonly<Record<string, string>>,
): string {
  const target = selector.containerName ? findContainer(pod, selector.containerName) : container;
  if (!target) throw new ContainerConfigError(`container ${selector.containerName ?? ''} not found`);
  const [kind, resource = ''] = selector.resource.split(/\.(.*)/s) as [string, string?];
  if (kind !== 'limits' && kind !== 'requests') {
    throw new ContainerConfigError(`unsupported container resource : ${selector.resource}`);
  }
  const set = kind === 'limits' ? target.resources?.limits : target.resources?.requests;
  let value = set?.[resource];
  if (value === undefined && kind === 'limits') value = nodeAllocatable[resource];
  const divisor = selector.divisor === undefined || selector.divisor === '' ? '1' : String(selector.divisor);
  const raw = String(value ?? '0');
  if (resource === 'cpu') {
    const v = quantityMilliValue(raw) ?? 0;
    const d = quantityMilliValue(divisor) || 1;
    return String(Math.ceil(v / d));
  }
  if (resource === 'memory' || resource === 'ephemeral-storage' || resource.startsWith('hugepages-')) {
    const v = quantityValue(raw) ?? 0;
    const d = quantityValue(divisor) || 1;
    return String(Math.ceil(v / d));
  }
  throw new ContainerConfigError(`unsupported container resource : ${selector.resource}`);
}
