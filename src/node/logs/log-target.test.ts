import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1.js';
import type { StatusError } from '../../api/status-error.js';
import { type LogSource, logSourceFor, resolveLogContainer } from './log-target.js';

function pod(containers: string[], init: string[] = [], statuses: ContainerStatus[] = []): Pod {
  return {
    metadata: { name: 'web-1', namespace: 'dev' },
    spec: {
      containers: containers.map((name) => ({ name, image: 'nginx' })),
      initContainers: init.map((name) => ({ name, image: 'busybox' })),
    },
    status: { containerStatuses: statuses },
  };
}

function badRequestMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.equal((err as StatusError).code, 400);
    assert.equal((err as StatusError).reason, 'BadRequest');
    return (err as Error).message;
  }
  assert.fail('expected a 400');
}

test('the container is the one named, or the only one; otherwise kube-apiserver says which to choose', () => {
  assert.equal(resolveLogContainer(pod(['app']), ''), 'app');
  assert.equal(resolveLogContainer(pod(['app'], ['setup']), undefined), 'app');
  assert.equal(resolveLogContainer(pod(['app', 'sidecar'], ['setup']), 'setup'), 'setup');
  const errors: [Pod, string, string][] = [
    [
      pod(['app', 'sidecar'], ['setup']),
      '',
      'a container name must be specified for pod web-1, choose one of: [setup app sidecar]',
    ],
    [pod([]), '', 'a container name must be specified for pod web-1'],
    [pod(['app']), 'nope', 'container nope is not valid for pod web-1'],
  ];
  for (const [p, requested, message] of errors)
    assert.equal(
      badRequestMessage(() => resolveLogContainer(p, requested)),
      message,
    );
});

test("the run to read follows the kubelet's choice from the container status", () => {
  const id = 'kubeling://abc';
  const running: ContainerStatus = {
    name: 'app',
    image: 'nginx',
    imageID: '',
    ready: true,
    restartCount: 1,
    containerID: id,
    state: { running: { startedAt: '2026-11-26T09:00:00Z' } },
    lastState: { terminated: { exitCode: 1, containerID: 'kubeling://old' } },
  };
  const waiting = (reason: string, last?: ContainerStatus['lastState']): ContainerStatus => {
    const { containerID: _, ...rest } = running;
    return { ...rest, state: { waiting: { reason } }, lastState: last ?? {} };
  };
  const ok: [ContainerStatus, boolean, LogSource][] = [
    [running, false, 'current'],
    [running, true, 'lastTerminated'],
    [{ ...running, state: { terminated: { exitCode: 0, containerID: id } } }, false, 'current'],
    [{ ...running, state: { terminated: { exitCode: 0 } } }, false, 'lastTerminated'],
    [waiting('CrashLoopBackOff', running.lastState), false, 'lastTerminated'],
    [waiting('CrashLoopBackOff', running.lastState), true, 'lastTerminated'],
  ];
  for (const [status, previous, source] of ok) {
    assert.equal(logSourceFor(pod(['app'], [], [status]), 'app', previous), source);
  }
  const where = 'container "app" in pod "web-1"';
  const errors: [ContainerStatus[], boolean, string][] = [
    [[], false, `${where} is not available`],
    [[{ ...running, lastState: {} }], true, `previous terminated ${where} not found`],
    [[waiting('ContainerCreating')], false, `${where} is waiting to start: ContainerCreating`],
    [[waiting('ErrImagePull')], false, `${where} is waiting to start: image can't be pulled`],
    [[waiting('ImagePullBackOff')], false, `${where} is waiting to start: trying and failing to pull image`],
    [[{ ...running, state: { terminated: { exitCode: 0 } }, lastState: {} }], false, `${where} is terminated`],
    [[{ ...running, state: {}, lastState: {} }], false, `${where} is waiting to start - no logs yet`],
  ];
  for (const [statuses, previous, message] of errors) {
    assert.equal(
      badRequestMessage(() => logSourceFor(pod(['app'], [], statuses), 'app', previous)),
      message,
    );
  }
});
