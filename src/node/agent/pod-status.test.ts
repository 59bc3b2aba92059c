import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContainerState, ContainerStatus, Pod } from 'kubernetes-types/core/v1.js';
import { podPhase } from './pod-phase.js';
import { computePodStatus, type PodRuntimeView, sameStatus } from './pod-status.js';

const running: ContainerState = { running: { startedAt: '2024-01-01T00:00:00Z' } };
const exited = (exitCode: number): ContainerState => ({
  terminated: { exitCode, reason: exitCode ? 'Error' : 'Completed' },
});
const waiting = (reason: string): ContainerState => ({ waiting: { reason } });

function cs(name: string, state: ContainerState, extra: Partial<ContainerStatus> = {}): ContainerStatus {
  return {
    name,
    state,
    lastState: {},
    ready: false,
    restartCount: 0,
    image: 'img',
    imageID: '',
    started: false,
    ...extra,
  };
}

function pod(restartPolicy: string, containers: string[], initContainers: string[] = [], status?: Pod['status']): Pod {
  return {
    metadata: { name: 'p', namespace: 'ns', uid: 'u' },
    spec: {
      restartPolicy,
      containers: containers.map((name) => ({ name, image: 'img' })),
      ...(initContainers.length ? { initContainers: initContainers.map((name) => ({ name, image: 'img' })) } : {}),
    },
    ...(status ? { status } : {}),
  };
}

describe('pod phase', () => {
  const table: {
    what: string;
    policy: string;
    init?: [string, ContainerState, ContainerState?][];
    main: [string, ContainerState, ContainerState?][];
    terminal?: boolean;
    want: string;
  }[] = [
    { what: 'creating', policy: 'Always', main: [['a', waiting('ContainerCreating')]], want: 'Pending' },
    { what: 'running', policy: 'Always', main: [['a', running]], want: 'Running' },
    {
      what: 'one running one waiting',
      policy: 'Always',
      main: [
        ['a', running],
        ['b', waiting('ErrImagePull')],
      ],
      want: 'Pending',
    },
    {
      what: 'crash looping (waiting after a termination)',
      policy: 'Always',
      main: [['a', waiting('CrashLoopBackOff'), exited(1)]],
      want: 'Running',
    },
    { what: 'Always, all exited 0', policy: 'Always', main: [['a', exited(0)]], want: 'Running' },
    { what: 'Never, exited 0', policy: 'Never', main: [['a', exited(0)]], want: 'Succeeded' },
    {
      what: 'Never, one failed',
      policy: 'Never',
      main: [
        ['a', exited(0)],
        ['b', exited(2)],
      ],
      want: 'Failed',
    },
    { what: 'OnFailure, exited 0', policy: 'OnFailure', main: [['a', exited(0)]], want: 'Succeeded' },
    { what: 'OnFailure, failed (restarting)', policy: 'OnFailure', main: [['a', exited(1)]], want: 'Running' },
    {
      what: 'Always but terminal, all 0',
      policy: 'Always',
      main: [['a', exited(0)]],
      terminal: true,
      want: 'Succeeded',
    },
    {
      what: 'Always but terminal, killed',
      policy: 'Always',
      main: [['a', exited(137)]],
      terminal: true,
      want: 'Failed',
    },
    {
      what: 'init running',
      policy: 'Always',
      init: [['i', running]],
      main: [['a', waiting('PodInitializing')]],
      want: 'Pending',
    },
    {
      what: 'init failed under Never',
      policy: 'Never',
      init: [['i', exited(1)]],
      main: [['a', waiting('PodInitializing')]],
      want: 'Failed',
    },
    {
      what: 'init failed under OnFailure (retrying)',
      policy: 'OnFailure',
      init: [['i', waiting('CrashLoopBackOff'), exited(1)]],
      main: [['a', waiting('PodInitializing')]],
      want: 'Pending',
    },
    {
      what: 'init done, main running',
      policy: 'Always',
      init: [['i', exited(0)]],
      main: [['a', running]],
      want: 'Running',
    },
  ];
  for (const c of table) {
    it(`${c.what} → ${c.want}`, () => {
      const toStatus = ([name, state, last]: [string, ContainerState, ContainerState?]) =>
        cs(name, state, last ? { lastState: last } : {});
      const p = pod(
        c.policy,
        c.main.map(([n]) => n),
        (c.init ?? []).map(([n]) => n),
      );
      assert.equal(podPhase(p, (c.init ?? []).map(toStatus), c.main.map(toStatus), c.terminal ?? false), c.want);
    });
  }
});

function view(over: Partial<PodRuntimeView>): PodRuntimeView {
  return {
    podIP: '127.244.0.2',
    startTime: '2024-01-01T00:00:00Z',
    readyToStartContainers: true,
    initContainers: [],
    containers: [],
    terminal: false,
    ...over,
  };
}

const T0 = '2024-01-01T00:00:00Z';
const T1 = '2024-01-01T00:00:05Z';

describe('pod status', () => {
  it('reports a pending pod as the kubelet does', () => {
    const p = pod('Always', ['web'], [], {
      phase: 'Pending',
      qosClass: 'BestEffort',
      conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: T0 }],
    });
    const s = computePodStatus(p, view({ containers: [cs('web', waiting('ContainerCreating'))] }), T1);
    assert.equal(s.phase, 'Pending');
    assert.equal(s.qosClass, 'BestEffort');
    assert.equal(s.podIP, '127.244.0.2');
    assert.deepEqual(s.podIPs, [{ ip: '127.244.0.2' }]);
    assert.equal(s.hostIP, '127.0.0.1');
    assert.deepEqual(s.hostIPs, [{ ip: '127.0.0.1' }]);
    assert.deepEqual(s.conditions, [
      { type: 'PodReadyToStartContainers', status: 'True', lastProbeTime: null, lastTransitionTime: T1 },
      { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: T1 },
      {
        type: 'Ready',
        status: 'False',
        reason: 'ContainersNotReady',
        message: 'containers with unready status: [web]',
        lastProbeTime: null,
        lastTransitionTime: T1,
      },
      {
        type: 'ContainersReady',
        status: 'False',
        reason: 'ContainersNotReady',
        message: 'containers with unready status: [web]',
        lastProbeTime: null,
        lastTransitionTime: T1,
      },
      { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: T0 },
    ]);
  });

  it('keeps transition times while a condition holds, and keeps others conditions first', () => {
    const p = pod('Always', ['b', 'a'], [], {
      phase: 'Running',
      conditions: [
        { type: 'DisruptionTarget', status: 'True', reason: 'x', lastTransitionTime: T0 },
        { type: 'Ready', status: 'True', lastTransitionTime: T0 },
        { type: 'ContainersReady', status: 'True', lastTransitionTime: T0 },
        { type: 'Initialized', status: 'True', lastTransitionTime: T0 },
      ],
    });
    const ready = { ready: true, started: true };
    const s = computePodStatus(p, view({ containers: [cs('b', running, ready), cs('a', running, ready)] }), T1);
    assert.deepEqual(
      s.conditions.map((c) => `${c.type}=${c.status}@${c.lastTransitionTime}`),
      [
        `DisruptionTarget=True@${T0}`,
        `PodReadyToStartContainers=True@${T1}`,
        `Initialized=True@${T0}`,
        `Ready=True@${T0}`,
        `ContainersReady=True@${T0}`,
        `PodScheduled=True@${T1}`,
      ],
    );
    assert.deepEqual(
      s.containerStatuses?.map((c) => c.name),
      ['a', 'b'],
    );
  });

  it('lists unready containers Go-style and honours readiness gates', () => {
    const p = pod('Always', ['a', 'b', 'c']);
    p.spec!.readinessGates = [{ conditionType: 'example.com/gate' }];
    const s1 = computePodStatus(
      p,
      view({ containers: [cs('a', running), cs('b', running), cs('c', running, { ready: true })] }),
      T1,
    );
    assert.equal(s1.conditions.find((c) => c.type === 'Ready')?.message, 'containers with unready status: [a b]');
    const s2 = computePodStatus(
      p,
      view({ containers: ['a', 'b', 'c'].map((n) => cs(n, running, { ready: true, started: true })) }),
      T1,
    );
    const r = s2.conditions.find((c) => c.type === 'Ready');
    assert.equal(r?.reason, 'ReadinessGatesNotReady');
    assert.equal(r?.message, 'corresponding condition of pod readiness gate "example.com/gate" does not exist.');
    assert.equal(s2.conditions.find((c) => c.type === 'ContainersReady')?.status, 'True');
  });

  it('reports initialization in progress', () => {
    const p = pod('Always', ['a'], ['setup']);
    const s = computePodStatus(
      p,
      view({ initContainers: [cs('setup', running)], containers: [cs('a', waiting('PodInitializing'))] }),
      T1,
    );
    const init = s.conditions.find((c) => c.type === 'Initialized');
    assert.equal(init?.status, 'False');
    assert.equal(init?.reason, 'ContainersNotInitialized');
    assert.equal(init?.message, 'containers with incomplete status: [setup]');
    assert.equal(s.initContainerStatuses?.length, 1);
  });

  it('marks a completed pod PodCompleted and never leaves a terminal phase', () => {
    const p = pod('Never', ['a']);
    const s = computePodStatus(p, view({ containers: [cs('a', exited(0))], readyToStartContainers: false }), T1);
    assert.equal(s.phase, 'Succeeded');
    assert.equal(s.conditions.find((c) => c.type === 'Ready')?.reason, 'PodCompleted');
    assert.equal(s.conditions.find((c) => c.type === 'PodReadyToStartContainers')?.status, 'False');
    const later = pod('Never', ['a'], [], { phase: 'Succeeded' });
    assert.equal(computePodStatus(later, view({ containers: [cs('a', running)] }), T1).phase, 'Succeeded');
  });

  it('compares statuses regardless of key order', () => {
    assert.ok(sameStatus({ a: 1, b: [{ x: 1, y: 2 }] }, { b: [{ y: 2, x: 1 }], a: 1 }));
    assert.ok(!sameStatus({ a: 1 }, { a: 2 }));
    assert.ok(sameStatus({ a: 1, b: undefined }, { a: 1 }));
  });
});
