/** The namespace controller: empties terminating namespaces and finalizes them. */
export {
  type NamespaceControllerOptions,
  namespaceController,
  namespaceControllerWith,
} from './namespace-controller.js';
export { NamespacedResourcesDeleter, ResourcesRemainingError } from './namespaced-resources-deleter.js';
