/**
 * Which Ingresses are this controller's, and the IngressClass it announces. An Ingress is ours when its
 * `spec.ingressClassName` (or the legacy `kubernetes.io/ingress.class` annotation) names an IngressClass whose
 * controller is `kubeling.dev/ingress` (or names `kubeling` itself), or when it names no class and `kubeling` is
 * the default class or no class is marked default. kubeling's API server does not fill `ingressClassName` from
 * the default class on create, so class-less Ingresses are resolved here.
 */
import { StatusError } from '../api/status-error.js';
import type { KubeClient } from '../client/types.js';
import {
  annotationIsDefaultClass,
  annotationLegacyClass,
  gvrIngressClasses,
  type Ingress,
  type IngressClass,
  ingressClassName,
  ingressControllerName,
} from './kinds.js';

/** The IngressClass created at start: `kubeling`, controller `kubeling.dev/ingress`, the default class. */
export function kubelingIngressClass(): IngressClass {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IngressClass',
    metadata: {
      name: ingressClassName,
      annotations: { [annotationIsDefaultClass]: 'true' },
      labels: { 'app.kubernetes.io/managed-by': 'kubeling' },
    },
    spec: { controller: ingressControllerName },
  };
}

/** Creates the `kubeling` IngressClass unless it exists (an existing one, possibly edited, is left alone). */
export async function ensureIngressClass(client: KubeClient): Promise<void> {
  try {
    await client.resource<IngressClass>(gvrIngressClasses).create(kubelingIngressClass());
  } catch (err) {
    if (!(err instanceof StatusError && err.reason === 'AlreadyExists')) throw err;
  }
}

function isDefault(cls: IngressClass): boolean {
  return cls.metadata.annotations?.[annotationIsDefaultClass] === 'true';
}

/** Whether the controller serves this Ingress, given every IngressClass. */
export function isOurIngress(ing: Ingress, classes: readonly IngressClass[]): boolean {
  const named = ing.spec?.ingressClassName ?? ing.metadata.annotations?.[annotationLegacyClass];
  if (named) {
    if (named === ingressClassName) return true;
    return classes.some((c) => c.metadata.name === named && c.spec?.controller === ingressControllerName);
  }
  const defaults = classes.filter(isDefault);
  if (defaults.length === 0) return true;
  return defaults.some((c) => c.spec?.controller === ingressControllerName);
}
