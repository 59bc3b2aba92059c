/** The Kubernetes version kubeling speaks. The kubectl dispatcher picks `kubectl.1.<minor>` by its minor. */
export const KUBERNETES_VERSION = 'v1.33.0';
