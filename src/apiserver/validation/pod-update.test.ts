import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { validatePodStatusUpdate, validatePodUpdate } from './pod-update.js';
import { edit, messages, pod, type Writable } from './test-fixtures.js';

const stored = edit(pod(), (p) => {
  p.metadata!.resourceVersion = '5';
  p.spec!.nodeName = 'node-1';
  p.spec!.tolerations = [{ key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }];
  p.status = { phase: 'Running', qosClass: 'BestEffort' };
});

const updatable =
  'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n';

describe('Pod update', () => {
  const cases: [string, (p: Writable<Pod>) => void, string[]][] = [
    ['no change', () => {}, []],
    ['new image', (p) => (p.spec!.containers[0]!.image = 'nginx:2'), []],
    ['labels may change', (p) => (p.metadata!.labels = { app: 'other' }), []],
    ['added toleration', (p) => p.spec!.tolerations!.push({ key: 'x', operator: 'Exists' }), []],
    ['changed tolerationSeconds', (p) => (p.spec!.tolerations![0]!.tolerationSeconds = 10), []],
    [
      'removed toleration',
      (p) => (p.spec!.tolerations = []),
      ['spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds'],
    ],
    [
      'image removed',
      (p) => (p.spec!.containers[0]!.image = ''),
      ['spec.containers[0].image: Required value', 'spec.containers[0].image: Required value'],
    ],
    [
      'container added',
      (p) => p.spec!.containers.push({ ...p.spec!.containers[0]!, name: 'sidecar', ports: [] }),
      ['spec.containers: Forbidden: pod updates may not add or remove containers'],
    ],
    ['activeDeadlineSeconds set', (p) => (p.spec!.activeDeadlineSeconds = 30), []],
    ['name change', (p) => (p.metadata!.name = 'other'), ['metadata.name: Invalid value: "other": field is immutable']],
  ];
  for (const [name, change, want] of cases)
    it(name, () => assert.deepEqual(messages(validatePodUpdate(edit(stored, change), stored)), want));

  it('refuses other spec changes, with a diff', () => {
    const got = messages(
      validatePodUpdate(
        edit(stored, (p) => (p.spec!.restartPolicy = 'Never')),
        stored,
      ),
    );
    assert.equal(got.length, 1);
    assert.ok(got[0]?.startsWith(updatable), got[0]);
    assert.match(got[0] ?? '', /- \tRestartPolicy: "Always",\n\+ \tRestartPolicy: "Never",/);
  });

  it('reports a QoS change', () => {
    const got = messages(
      validatePodUpdate(
        edit(stored, (p) => (p.spec!.containers[0]!.resources = { requests: { cpu: '1' } })),
        stored,
      ),
    );
    assert.equal(got[0], 'metadata: Invalid value: "BestEffort": Pod QoS is immutable');
    assert.ok(got[1]?.startsWith(updatable));
  });

  it('allows lowering activeDeadlineSeconds only', () => {
    const withDeadline = edit(stored, (p) => (p.spec!.activeDeadlineSeconds = 30));
    assert.deepEqual(
      validatePodUpdate(
        edit(withDeadline, (p) => (p.spec!.activeDeadlineSeconds = 10)),
        withDeadline,
      ),
      [],
    );
    assert.deepEqual(
      messages(
        validatePodUpdate(
          edit(withDeadline, (p) => (p.spec!.activeDeadlineSeconds = 60)),
          withDeadline,
        ),
      ),
      ['spec.activeDeadlineSeconds: Invalid value: 60: must be less than or equal to previous value'],
    );
    assert.deepEqual(
      messages(
        validatePodUpdate(
          edit(withDeadline, (p) => delete p.spec!.activeDeadlineSeconds),
          withDeadline,
        ),
      ),
      ['spec.activeDeadlineSeconds: Invalid value: null: must not update from a positive integer to nil value'],
    );
  });
});

describe('Pod status update', () => {
  const cases: [string, (p: Writable<Pod>) => void, string[]][] = [
    [
      'conditions and IPs',
      (p) =>
        (p.status = {
          ...p.status,
          podIP: '127.244.0.5',
          podIPs: [{ ip: '127.244.0.5' }],
          conditions: [{ type: 'Ready', status: 'True' }],
        }),
      [],
    ],
    [
      'bad pod IP',
      (p) => (p.status = { ...p.status, podIPs: [{ ip: '1.2.3' }] }),
      ['status.podIPs[0]: Invalid value: "1.2.3": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'],
    ],
    [
      'two IPv4 pod IPs',
      (p) => (p.status = { ...p.status, podIPs: [{ ip: '10.0.0.1' }, { ip: '10.0.0.1' }] }),
      [
        'status.podIPs: Invalid value: []core.PodIP{core.PodIP{IP:"10.0.0.1"}, core.PodIP{IP:"10.0.0.1"}}: may specify no more than one IP for each IP family',
        'status.podIPs[1]: Duplicate value: core.PodIP{IP:"10.0.0.1"}',
      ],
    ],
    ['node name', (p) => (p.spec!.nodeName = 'node-2'), ['status.nodeName: Forbidden: may not be changed directly']],
    [
      'custom condition type',
      (p) => (p.status = { ...p.status, conditions: [{ type: 'bad type', status: 'True' }] }),
      [
        "metadata.conditions[0].Type: Invalid value: \"bad type\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      ],
    ],
  ];
  for (const [name, change, want] of cases)
    it(name, () => assert.deepEqual(messages(validatePodStatusUpdate(edit(stored, change), stored)), want));

  it('keeps terminated containers terminated unless restartPolicy is Always', () => {
    const done = edit(stored, (p) => {
      p.spec!.restartPolicy = 'Never';
      p.status!.containerStatuses = [
        {
          name: 'web',
          image: 'nginx',
          imageID: '',
          ready: false,
          restartCount: 0,
          state: { terminated: { exitCode: 0 } },
        },
      ];
    });
    const again = edit(done, (p) => (p.status!.containerStatuses![0]!.state = { running: {} }));
    assert.deepEqual(messages(validatePodStatusUpdate(again, done)), [
      'status.containerStatuses[0].state: Forbidden: may not be transitioned to non-terminated state',
    ]);
  });
});
