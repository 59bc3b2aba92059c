/** A ResourceClient whose lists and watches carry a field selector (the kubelet watches `spec.nodeName=<node>`). */
import type { KubeObject } from '../../api/object.js';
import type { ResourceClient } from '../../client/types.js';

export function withFieldSelector<T extends KubeObject>(
  rc: ResourceClient<T>,
  fieldSelector: string,
): ResourceClient<T> {
  return {
    gvr: rc.gvr,
    namespace: rc.namespace,
    get: (name) => rc.get(name),
    list: (options) => rc.list({ ...options, fieldSelector }),
    create: (obj, options) => rc.create(obj, options),
    update: (obj, options) => rc.update(obj, options),
    updateStatus: (obj, options) => rc.updateStatus(obj, options),
    patch: (name, type, patch, options) => rc.patch(name, type, patch, options),
    delete: (name, options) => rc.delete(name, options),
    watch: (options, onEvent, onDone) => rc.watch({ ...options, fieldSelector }, onEvent, onDone),
    subresource: (name, sub, method, body) => rc.subresource(name, sub, method, body),
  };
}
