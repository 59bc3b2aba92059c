import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import { podPrinter } from './pod.js';
import { ago, NOW, pod, running, status, terminated } from './testdata/pod-fixtures.js';

/** [description, pod, expected Ready, Status, Restarts] */
const cases: [string, KubeObject, string, string, string][] = [
  [
    'running and ready',
    pod(1, { status: { containerStatuses: [status('c0', { ready: true, state: running })] } }),
    '1/1',
    'Running',
    '0',
  ],
  ['pending without statuses', pod(1, { status: { phase: 'Pending' } }), '0/1', 'Pending', '0'],
  [
    'CrashLoopBackOff with last restart time',
    pod(2, {
      status: {
        containerStatuses: [
          status('c0', { ready: true, state: running }),
          status('c1', {
            restartCount: 3,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
            lastState: { terminated: { exitCode: 1, finishedAt: ago(300) } },
          }),
        ],
      },
    }),
    '1/2',
    'CrashLoopBackOff',
    '3 (5m ago)',
  ],
  [
    'restarts summed, latest restart wins',
    pod(2, {
      status: {
        containerStatuses: [
          status('c0', {
            ready: true,
            restartCount: 6,
            state: running,
            lastState: { terminated: { exitCode: 1, finishedAt: ago(5 * 86400) } },
          }),
          status('c1', {
            ready: true,
            restartCount: 3,
            state: running,
            lastState: { terminated: { exitCode: 1, finishedAt: ago(20 * 86400) } },
          }),
        ],
      },
    }),
    '2/2',
    'Running',
    '9 (5d ago)',
  ],
  [
    'restarts without a termination time',
    pod(1, { status: { containerStatuses: [status('c0', { restartCount: 3, ready: true, state: running })] } }),
    '1/1',
    'Running',
    '3',
  ],
  [
    'the first container reason wins',
    pod(2, {
      status: {
        phase: 'Pending',
        containerStatuses: [
          status('c0', { state: { waiting: { reason: 'ErrImagePull' } } }),
          status('c1', { state: terminated(0, 'Completed') }),
        ],
      },
    }),
    '0/2',
    'ErrImagePull',
    '0',
  ],
  [
    'terminated without reason: exit code',
    pod(1, { status: { containerStatuses: [status('c0', { state: terminated(137) })] } }),
    '0/1',
    'ExitCode:137',
    '0',
  ],
  [
    'terminated without reason: signal',
    pod(1, { status: { containerStatuses: [status('c0', { state: terminated(0, undefined, 9) })] } }),
    '0/1',
    'Signal:9',
    '0',
  ],
  [
    'init container waiting',
    pod(1, {
      spec: { containers: [{ name: 'c0' }], initContainers: [{ name: 'i0' }] },
      status: {
        phase: 'Pending',
        initContainerStatuses: [status('i0', { state: { waiting: { reason: 'PodInitializing' } } })],
        containerStatuses: [status('c0', { state: { waiting: { reason: 'PodInitializing' } } })],
      },
    }),
    '0/1',
    'Init:0/1',
    '0',
  ],
  [
    'second of two init containers running',
    pod(1, {
      spec: { containers: [{ name: 'c0' }], initContainers: [{ name: 'i0' }, { name: 'i1' }] },
      status: {
        phase: 'Pending',
        initContainerStatuses: [
          status('i0', { state: terminated(0, 'Completed') }),
          status('i1', {
            restartCount: 3,
            state: running,
            lastState: { terminated: { exitCode: 1, finishedAt: ago(10) } },
          }),
        ],
        containerStatuses: [status('c0', { state: { waiting: {} } })],
      },
    }),
    '0/1',
    'Init:1/2',
    '3 (10s ago)',
  ],
  [
    'init container failed with reason',
    pod(1, {
      spec: { containers: [{ name: 'c0' }], initContainers: [{ name: 'i0' }] },
      status: { phase: 'Pending', initContainerStatuses: [status('i0', { state: terminated(1, 'Error') })] },
    }),
    '0/1',
    'Init:Error',
    '0',
  ],
  [
    'init container failed without reason',
    pod(1, {
      spec: { containers: [{ name: 'c0' }], initContainers: [{ name: 'i0' }] },
      status: { phase: 'Pending', initContainerStatuses: [status('i0', { state: terminated(2) })] },
    }),
    '0/1',
    'Init:ExitCode:2',
    '0',
  ],
  [
    'init container killed by a signal',
    pod(1, {
      spec: { containers: [{ name: 'c0' }], initContainers: [{ name: 'i0' }] },
      status: { phase: 'Pending', initContainerStatuses: [status('i0', { state: terminated(1, undefined, 15) })] },
    }),
    '0/1',
    'Init:Signal:15',
    '0',
  ],
  [
    'init container image pull backoff',
    pod(1, {
      spec: { containers: [{ name: 'c0' }], initContainers: [{ name: 'i0' }] },
      status: {
        phase: 'Pending',
        initContainerStatuses: [status('i0', { state: { waiting: { reason: 'ImagePullBackOff' } } })],
      },
    }),
    '0/1',
    'Init:ImagePullBackOff',
    '0',
  ],
  [
    'sidecar init container counts as a container',
    pod(1, {
      spec: { containers: [{ name: 'c0' }], initContainers: [{ name: 'side', restartPolicy: 'Always' }] },
      status: {
        conditions: [{ type: 'Initialized', status: 'True' }],
        initContainerStatuses: [
          status('side', {
            ready: true,
            started: true,
            restartCount: 2,
            state: running,
            lastState: { terminated: { exitCode: 1, finishedAt: ago(600) } },
          }),
        ],
        containerStatuses: [status('c0', { ready: true, state: running })],
      },
    }),
    '2/2',
    'Running',
    '2 (10m ago)',
  ],
  [
    'succeeded pod',
    pod(1, {
      status: { phase: 'Succeeded', containerStatuses: [status('c0', { state: terminated(0, 'Completed') })] },
    }),
    '0/1',
    'Completed',
    '0',
  ],
  [
    'failed pod',
    pod(1, { status: { phase: 'Failed', containerStatuses: [status('c0', { state: terminated(1, 'Error') })] } }),
    '0/1',
    'Error',
    '0',
  ],
  [
    'evicted pod keeps the pod reason',
    pod(1, { status: { phase: 'Failed', reason: 'Evicted' } }),
    '0/1',
    'Evicted',
    '0',
  ],
  [
    'completed container next to a running one, no Ready condition',
    pod(2, {
      status: {
        containerStatuses: [
          status('c0', { ready: true, state: terminated(0, 'Completed') }),
          status('c1', { ready: true, state: running }),
        ],
      },
    }),
    '1/2',
    'NotReady',
    '0',
  ],
  [
    'completed container next to a running one, Ready condition',
    pod(2, {
      status: {
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [
          status('c0', { ready: true, state: terminated(0, 'Completed') }),
          status('c1', { ready: true, state: running }),
        ],
      },
    }),
    '1/2',
    'Running',
    '0',
  ],
  [
    'scheduling gated',
    pod(2, {
      status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] },
    }),
    '0/2',
    'SchedulingGated',
    '0',
  ],
  [
    'terminating',
    pod(1, { deleting: true, status: { containerStatuses: [status('c0', { ready: true, state: running })] } }),
    '1/1',
    'Terminating',
    '0',
  ],
  ['terminating on a lost node', pod(1, { deleting: true, status: { reason: 'NodeLost' } }), '0/1', 'Unknown', '0'],
  [
    'deleted after success stays Completed',
    pod(1, {
      deleting: true,
      status: { phase: 'Succeeded', containerStatuses: [status('c0', { state: terminated(0, 'Completed') })] },
    }),
    '0/1',
    'Completed',
    '0',
  ],
];

describe('pod printer: Ready, Status and Restarts', () => {
  for (const [name, obj, ready, reason, restarts] of cases) {
    it(name, () => {
      const cells = podPrinter.cells(obj, NOW);
      assert.deepEqual(cells.slice(0, 5), ['p', ready, reason, restarts, '5m']);
    });
  }
});
