/** Content negotiation of kube-apiserver: Table / PartialObjectMetadata views and request body media types. */

export type ResponseView =
  | { kind: 'object' }
  | { kind: 'table'; version: 'v1' | 'v1beta1' }
  | { kind: 'partial'; version: 'v1' | 'v1beta1' };

interface MediaRange {
  type: string;
  params: Map<string, string>;
}

export function parseMediaRanges(header: string | undefined): MediaRange[] {
  if (!header) return [];
  return header.split(',').map((part) => {
    const [type = '', ...params] = part.split(';').map((s) => s.trim());
    const map = new Map<string, string>();
    for (const p of params) {
      const eq = p.indexOf('=');
      if (eq > 0) map.set(p.slice(0, eq).trim().toLowerCase(), p.slice(eq + 1).trim());
    }
    return { type: type.toLowerCase(), params: map };
  });
}

/** The first acceptable representation in the client's order, as the apiserver's negotiation picks it. */
export function negotiateView(accept: string | undefined): ResponseView {
  for (const range of parseMediaRanges(accept)) {
    const as = range.params.get('as');
    const g = range.params.get('g');
    const v = range.params.get('v');
    if (as && g === 'meta.k8s.io' && (v === 'v1' || v === 'v1beta1')) {
      if (range.type !== 'application/json' && range.type !== '*/*') continue;
      if (as === 'Table') return { kind: 'table', version: v };
      if (as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') return { kind: 'partial', version: v };
      continue;
    }
    if (as) continue;
    if (
      range.type === 'application/json' ||
      range.type === 'application/yaml' ||
      range.type === '*/*' ||
      range.type === 'application/*' ||
      range.type === 'application/vnd.kubernetes.protobuf'
    ) {
      return { kind: 'object' };
    }
  }
  return { kind: 'object' };
}

export type BodyType =
  | 'json'
  | 'yaml'
  | 'protobuf'
  | 'json-patch'
  | 'merge-patch'
  | 'strategic-merge-patch'
  | 'apply-patch';

/** Maps a request Content-Type to what kubeling understands, or undefined (415). */
export function bodyTypeOf(contentType: string | undefined): BodyType | undefined {
  const type = (contentType ?? 'application/json').split(';')[0]?.trim().toLowerCase() ?? '';
  switch (type) {
    case '':
    case 'application/json':
      return 'json';
    case 'application/yaml':
    case 'application/x-yaml':
    case 'text/yaml':
      return 'yaml';
    case 'application/vnd.kubernetes.protobuf':
      return 'protobuf';
    case 'application/json-patch+json':
      return 'json-patch';
    case 'application/merge-patch+json':
      return 'merge-patch';
    case 'application/strategic-merge-patch+json':
      return 'strategic-merge-patch';
    case 'application/apply-patch+yaml':
    case 'application/apply-patch+cbor':
      return type === 'application/apply-patch+yaml' ? 'apply-patch' : undefined;
    default:
      return undefined;
  }
}
