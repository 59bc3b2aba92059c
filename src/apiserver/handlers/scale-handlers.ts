/** The `/scale` subresource (autoscaling/v1 Scale) of Deployments and ReplicaSets. */

import type { ApiRequest, ApiResponse } from '../../api/http-types.js';
import { formatLabelSelector } from '../../api/labels/index.js';
import type { KubeObject } from '../../api/object.js';
import { badRequest, invalid } from '../../api/status-error.js';
import { decodeObjectBody, parseFieldValidation, parseStructured } from '../body-decoder.js';
import type { ResourceRegistry } from '../generic-registry.js';
import { bodyTypeOf } from '../negotiation.js';
import { applyJsonPatch, applyMergePatch } from '../patch/index.js';

interface ScalableSpec {
  replicas?: number;
  selector?: { matchLabels?: Record<string, string> };
}

export function toScale(obj: KubeObject): KubeObject {
  const spec = (obj.spec ?? {}) as ScalableSpec;
  const status = (obj.status ?? {}) as { replicas?: number };
  const meta = obj.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: meta.name!,
      namespace: meta.namespace!,
      uid: meta.uid!,
      resourceVersion: meta.resourceVersion!,
      creationTimestamp: meta.creationTimestamp!,
    },
    spec: { replicas: spec.replicas ?? 0 },
    status: {
      replicas: status.replicas ?? 0,
      selector: spec.selector ? formatLabelSelector(spec.selector) : '',
    },
  };
}

export async function handleScale(
  registry: ResourceRegistry,
  namespace: string,
  name: string,
  verb: string,
  req: ApiRequest,
  res: ApiResponse,
): Promise<void> {
  if (verb === 'get') {
    res.sendJson(200, toScale(await registry.get(namespace, name)));
    return;
  }
  const body = await req.readBody();
  const type = bodyTypeOf(req.header('content-type'));
  let desired: (scale: KubeObject) => KubeObject;
  if (verb === 'update') {
    const scale = decodeObjectBody(registry.info, body, type ?? 'json', parseFieldValidation(null), {
      apiVersion: 'autoscaling/v1',
      kind: 'Scale',
    }).object;
    desired = () => scale;
  } else if (verb === 'patch') {
    const patch = parseStructured(body, 'json');
    desired = (scale) => {
      if (type === 'json-patch') return applyJsonPatch(scale, patch as never) as KubeObject;
      return applyMergePatch(scale, patch as Record<string, unknown>) as KubeObject;
    };
  } else {
    throw badRequest(`${verb} is not supported on scale`);
  }
  const result = await registry.guaranteedUpdate(namespace, name, (current) => {
    if (!current) throw badRequest('missing object');
    const next = desired(toScale(current));
    const replicas = (next.spec as { replicas?: unknown } | undefined)?.replicas;
    if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
      throw invalid('autoscaling', 'Scale', name, [
        {
          type: 'FieldValueInvalid',
          field: 'spec.replicas',
          badValue: replicas,
          detail: 'must be greater than or equal to 0',
        },
      ]);
    }
    const rv = next.metadata?.resourceVersion;
    if (rv && verb === 'update') current.metadata.resourceVersion = rv;
    current.spec = { ...(current.spec as object), replicas };
    return current;
  });
  res.sendJson(200, toScale(result.object));
}
