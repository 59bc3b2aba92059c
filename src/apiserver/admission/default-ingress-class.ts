/**
 * The DefaultIngressClass admission plugin: an Ingress created without a class gets the cluster's default
 * IngressClass (annotation `ingressclass.kubernetes.io/is-default-class: "true"`); with several defaults the newest
 * wins, as kube-apiserver does since 1.27.
 */
import type { KubeObject } from '../../api/object.js';
import type { Store } from '../../storage/store.js';

const defaultAnnotation = 'ingressclass.kubernetes.io/is-default-class';
const legacyAnnotation = 'kubernetes.io/ingress.class';

export async function admitDefaultIngressClass(ingress: KubeObject, store: Store): Promise<void> {
  const spec = (ingress.spec ?? {}) as { ingressClassName?: string };
  if (spec.ingressClassName || ingress.metadata.annotations?.[legacyAnnotation]) return;
  const classes = (await store.list('/registry/networking.k8s.io/ingressclasses/')).items
    .map((kv) => JSON.parse(kv.value) as KubeObject)
    .filter((c) => c.metadata.annotations?.[defaultAnnotation] === 'true')
    .sort((a, b) => (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? ''));
  const chosen = classes[0]?.metadata.name;
  if (chosen) ingress.spec = { ...spec, ingressClassName: chosen };
}
