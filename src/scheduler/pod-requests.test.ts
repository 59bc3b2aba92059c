import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Container, PodSpec } from 'kubernetes-types/core/v1.js';
import { podRequests, type ResourceAmounts } from './pod-requests.js';

function c(requests: Record<string, string>, restartPolicy?: string): Container {
  return { name: 'c', resources: { requests }, ...(restartPolicy ? { restartPolicy } : {}) };
}

test('podRequests: containers, init containers, sidecars and overhead', () => {
  const cases: [name: string, spec: PodSpec | undefined, want: ResourceAmounts][] = [
    ['no spec', undefined, {}],
    ['no requests', { containers: [{ name: 'a' }] }, {}],
    [
      'sum of containers',
      { containers: [c({ cpu: '100m', memory: '64Mi' }), c({ cpu: '0.5', memory: '1Gi' })] },
      { cpu: 600, memory: 64 * 2 ** 20 + 2 ** 30 },
    ],
    [
      'init container larger than the app containers wins',
      { containers: [c({ cpu: '100m' })], initContainers: [c({ cpu: '1', memory: '10' })] },
      { cpu: 1000, memory: 10 },
    ],
    [
      'init container smaller than the app containers is ignored',
      { containers: [c({ cpu: '2' })], initContainers: [c({ cpu: '1' })] },
      { cpu: 2000 },
    ],
    [
      'sidecars add to the app containers and to later init containers',
      {
        containers: [c({ cpu: '100m' })],
        initContainers: [c({ cpu: '200m' }, 'Always'), c({ cpu: '500m' })],
      },
      // app: 100 + sidecar 200 = 300; the plain init container runs with the sidecar: 500 + 200 = 700
      { cpu: 700 },
    ],
    [
      'overhead is added',
      { containers: [c({ cpu: '100m' })], overhead: { cpu: '10m', memory: '1Ki' } },
      { cpu: 110, memory: 1024 },
    ],
    ['extended resources', { containers: [c({ 'example.com/gpu': '2' })] }, { 'example.com/gpu': 2 }],
  ];
  for (const [name, spec, want] of cases) assert.deepEqual(podRequests(spec), want, name);
});
