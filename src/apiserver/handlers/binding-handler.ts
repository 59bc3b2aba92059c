/** `POST pods/{name}/binding`: assigns a pod to a node (the scheduler's write), once. */

import type { ApiRequest, ApiResponse } from '../../api/http-types.js';
import { isJsonObject } from '../../api/object.js';
import { badRequest, conflict } from '../../api/status-error.js';
import { parseStructured } from '../body-decoder.js';
import type { ResourceRegistry } from '../generic-registry.js';
import { formatTimestamp } from '../object-codec.js';

export async function handleBinding(
  pods: ResourceRegistry,
  namespace: string,
  name: string,
  req: ApiRequest,
  res: ApiResponse,
): Promise<void> {
  const binding = parseStructured(await req.readBody(), 'json');
  const target = isJsonObject(binding) && isJsonObject(binding.target) ? binding.target : undefined;
  const node = typeof target?.name === 'string' ? target.name : '';
  if (!node) throw badRequest('Binding.target.name is required');
  await pods.guaranteedUpdate(
    namespace,
    name,
    (pod) => {
      if (!pod) throw badRequest('missing pod');
      if (pod.metadata.deletionTimestamp)
        throw conflict(pods.gr, name, 'pod is being deleted, cannot be assigned to a host');
      const spec = (pod.spec ?? {}) as { nodeName?: string };
      if (spec.nodeName) throw conflict(pods.gr, name, `pod ${name} is already assigned to node "${spec.nodeName}"`);
      pod.spec = { ...spec, nodeName: node };
      const status = (pod.status ?? {}) as { conditions?: { type: string }[] };
      const conditions = (status.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
      const scheduled = {
        type: 'PodScheduled',
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: formatTimestamp(new Date()),
      };
      conditions.push(scheduled);
      pod.status = { ...status, conditions };
      return pod;
    },
    { subresource: 'binding' },
  );
  res.sendJson(201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
}
