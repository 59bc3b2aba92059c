/** The pod a ReplicaSet creates from its template (k/k `controller.GetPodFromTemplate`). Pure. */
import { isDNS1123Subdomain } from '../../api/labels/validation.js';
import { controllerRefFor } from './claim.js';
import type { PodObject, ReplicaSetObject } from './types.js';

/**
 * `getPodsPrefix`: `<name>-`, or the bare name when `<name>-` is not a valid generateName (the API server then
 * appends 5 random characters).
 */
export function podNamePrefix(controllerName: string): string {
  const prefix = `${controllerName}-`;
  // ValidatePodName(prefix, true) masks the trailing dash the way apimachinery does: the last two characters
  // become one `a`.
  const masked = `${prefix.slice(0, -2)}a`;
  return isDNS1123Subdomain(masked).length === 0 ? prefix : controllerName;
}

/**
 * A new pod for `rs`: template labels, annotations and finalizers, a copy of the template spec, `generateName`
 * from the ReplicaSet's name and its controller reference.
 */
export function podFromTemplate(rs: ReplicaSetObject): PodObject {
  const template = rs.spec?.template;
  const tmeta = template?.metadata;
  const metadata: PodObject['metadata'] = {
    generateName: podNamePrefix(rs.metadata.name ?? ''),
    namespace: rs.metadata.namespace ?? '',
    ownerReferences: [controllerRefFor(rs)],
  };
  if (tmeta?.labels && Object.keys(tmeta.labels).length > 0) metadata.labels = { ...tmeta.labels };
  if (tmeta?.annotations && Object.keys(tmeta.annotations).length > 0) metadata.annotations = { ...tmeta.annotations };
  if (tmeta?.finalizers && tmeta.finalizers.length > 0) metadata.finalizers = [...tmeta.finalizers];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata,
    spec: structuredClone(template?.spec ?? { containers: [] }),
  };
}
