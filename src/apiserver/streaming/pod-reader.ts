/** Reads pods for the streaming endpoints straight from the API server's pod registry (no client round trip). */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { internalError } from '../../api/status-error.js';
import type { ApiHandler } from '../api-handler.js';

/** The pod, or a NotFound StatusError (`pods "x" not found`). */
export async function readPod(handler: ApiHandler, namespace: string, name: string): Promise<Pod> {
  const registry = handler.registry('', 'v1', 'pods');
  if (!registry) throw internalError('the pod registry is missing');
  return (await registry.get(namespace, name)) as Pod;
}
