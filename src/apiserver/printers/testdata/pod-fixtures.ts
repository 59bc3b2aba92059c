/** Pod fixtures shared by the pod printer tests. */
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../../api/object.js';

export const NOW = new Date('2024-06-01T12:00:00Z');
export const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000).toISOString().replace('.000Z', 'Z');

/** A pod created 5 minutes before NOW with `n` app containers, plus the given spec/status/metadata. */
export function pod(n: number, parts: Partial<Pick<Pod, 'spec' | 'status'>> & { deleting?: boolean } = {}): KubeObject {
  const containers = Array.from({ length: n }, (_, i) => ({ name: `c${i}`, image: 'nginx' }));
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'p',
      creationTimestamp: ago(300),
      ...(parts.deleting ? { deletionTimestamp: ago(10) } : {}),
    },
    spec: { containers, ...parts.spec },
    status: { phase: 'Running', ...parts.status },
  };
}

export const running = { running: { startedAt: ago(290) } };
export const terminated = (exitCode: number, reason?: string, signal?: number) => ({
  terminated: { exitCode, ...(reason ? { reason } : {}), ...(signal ? { signal } : {}) },
});
export const status = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  image: 'nginx',
  imageID: '',
  ready: false,
  restartCount: 0,
  ...extra,
});
