import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import { coreEventPrinter, eventsV1EventPrinter } from './event.js';

const NOW = new Date('2024-06-01T12:00:00Z');
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000).toISOString().replace('.000Z', 'Z');
/** A MicroTime `seconds` ago, plus 123456µs: so slightly less than `seconds` ago (ages truncate, as in Go). */
const micro = (seconds: number) => ago(seconds).replace('Z', '.123456Z');

function coreEvent(fields: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'hello.17a', namespace: 'default', creationTimestamp: ago(600) },
    involvedObject: { kind: 'Pod', name: 'hello', namespace: 'default', fieldPath: 'spec.containers{web}' },
    type: 'Normal',
    reason: 'Pulled',
    message: '  Container image "nginx" already present on machine\n',
    ...fields,
  };
}

describe('core/v1 event printer', () => {
  const cases: [string, KubeObject, unknown[]][] = [
    [
      'kubelet event with timestamps and count',
      coreEvent({
        source: { component: 'kubelet', host: 'node-1' },
        firstTimestamp: ago(600),
        lastTimestamp: ago(120),
        count: 3,
      }),
      [
        '2m',
        'Normal',
        'Pulled',
        'pod/hello',
        'spec.containers{web}',
        'kubelet, node-1',
        'Container image "nginx" already present on machine',
        '10m',
        3,
        'hello.17a',
      ],
    ],
    [
      'no lastTimestamp: first seen stands in',
      coreEvent({ source: { component: 'kubelet' }, firstTimestamp: ago(45), count: 1 }),
      [
        '45s',
        'Normal',
        'Pulled',
        'pod/hello',
        'spec.containers{web}',
        'kubelet',
        'Container image "nginx" already present on machine',
        '45s',
        1,
        'hello.17a',
      ],
    ],
    [
      'new-style event: eventTime, reporting controller, no count',
      coreEvent({
        eventTime: micro(30),
        reportingComponent: 'default-scheduler',
        reportingInstance: 'default-scheduler-node-1',
        involvedObject: { kind: 'Pod', name: 'hello' },
      }),
      [
        '29s',
        'Normal',
        'Pulled',
        'pod/hello',
        '',
        'default-scheduler, default-scheduler-node-1',
        'Container image "nginx" already present on machine',
        '29s',
        1,
        'hello.17a',
      ],
    ],
    [
      'series overrides last seen and count',
      coreEvent({
        eventTime: micro(3600),
        series: { count: 7, lastObservedTime: micro(5) },
        involvedObject: { kind: 'ReplicaSet' },
      }),
      [
        '4s',
        'Normal',
        'Pulled',
        'replicaset',
        '',
        '',
        'Container image "nginx" already present on machine',
        '59m',
        7,
        'hello.17a',
      ],
    ],
    [
      'no timestamps at all',
      coreEvent({ involvedObject: { kind: 'Node', name: 'node-1' }, count: 2 }),
      [
        '<unknown>',
        'Normal',
        'Pulled',
        'node/node-1',
        '',
        '',
        'Container image "nginx" already present on machine',
        '<unknown>',
        2,
        'hello.17a',
      ],
    ],
  ];
  for (const [name, obj, expected] of cases) {
    it(name, () => assert.deepEqual(coreEventPrinter.cells(obj, NOW), expected));
  }

  it('has the upstream column order and wide columns', () => {
    assert.deepEqual(
      coreEventPrinter.columns.map((c) => `${c.name}:${c.priority}`),
      [
        'Last Seen:0',
        'Type:0',
        'Reason:0',
        'Object:0',
        'Subobject:1',
        'Source:1',
        'Message:0',
        'First Seen:1',
        'Count:1',
        'Name:1',
      ],
    );
    assert.equal(coreEventPrinter.columns.at(-1)?.format, 'name');
  });
});

describe('events.k8s.io/v1 event printer', () => {
  it('maps regarding, note, deprecated fields and reporting controller', () => {
    const obj: KubeObject = {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { name: 'hello.17b', namespace: 'default' },
      eventTime: micro(90),
      regarding: { kind: 'Deployment', name: 'hello', fieldPath: '' },
      note: 'Scaled up replica set hello-abc to 3',
      reason: 'ScalingReplicaSet',
      type: 'Normal',
      reportingController: 'deployment-controller',
      reportingInstance: '',
      deprecatedSource: { component: 'deployment-controller' },
      deprecatedFirstTimestamp: ago(900),
      deprecatedLastTimestamp: ago(300),
      deprecatedCount: 4,
    };
    assert.deepEqual(eventsV1EventPrinter.cells(obj, NOW), [
      '5m',
      'Normal',
      'ScalingReplicaSet',
      'deployment/hello',
      '',
      'deployment-controller',
      'Scaled up replica set hello-abc to 3',
      '15m',
      4,
      'hello.17b',
    ]);
  });

  it('uses eventTime and series when the deprecated fields are absent', () => {
    const obj: KubeObject = {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { name: 'e' },
      eventTime: micro(200),
      series: { count: 2, lastObservedTime: micro(20) },
      regarding: { kind: 'Pod', name: 'p' },
      note: 'x',
      reportingController: 'kubelet',
      reportingInstance: 'node-1',
    };
    assert.deepEqual(eventsV1EventPrinter.cells(obj, NOW), [
      '19s',
      '',
      '',
      'pod/p',
      '',
      'kubelet, node-1',
      'x',
      '3m19s',
      2,
      'e',
    ]);
  });
});
