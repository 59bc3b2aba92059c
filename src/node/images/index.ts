/** Images for the node agent: the resolver, the mount contract and the errors it reports. */
export { StartError } from './container-command.js';
export { type MountTable, mountsFromEnv } from './container-mounts.js';
export { InvalidReferenceError, parseImageReference } from './image-reference.js';
export {
  createImageResolver,
  type ImageResolverOptions,
  InvalidImageNameError,
  type LocalAwareImageResolver,
  MOUNTS_ENV,
  mountsEnv,
  type ResolvedImage,
} from './image-resolver.js';
export { LOCAL_IMAGES_FILE } from './local-images.js';
