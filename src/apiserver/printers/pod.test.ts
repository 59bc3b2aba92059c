import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { podPrinter } from './pod.js';
import { NOW, pod } from './testdata/pod-fixtures.js';

describe('pod printer', () => {
  it('fills the wide columns with <none> when unset', () => {
    assert.deepEqual(podPrinter.cells(pod(1), NOW).slice(5), ['<none>', '<none>', '<none>', '<none>']);
  });

  it('prints IP, node, nominated node and readiness gates', () => {
    const obj = pod(1, {
      spec: {
        containers: [{ name: 'c0' }],
        nodeName: 'node-1',
        readinessGates: [{ conditionType: 'example.com/a' }, { conditionType: 'example.com/b' }],
      },
      status: {
        podIP: '10.0.0.9',
        podIPs: [{ ip: '10.0.0.9' }, { ip: 'fd00::9' }],
        nominatedNodeName: 'node-2',
        conditions: [
          { type: 'example.com/a', status: 'True' },
          { type: 'example.com/b', status: 'False' },
        ],
      },
    });
    assert.deepEqual(podPrinter.cells(obj, NOW).slice(5), ['10.0.0.9', 'node-1', 'node-2', '1/2']);
  });

  it('falls back to status.podIP without podIPs', () => {
    assert.equal(podPrinter.cells(pod(1, { status: { podIP: '10.0.0.7' } }), NOW)[5], '10.0.0.7');
  });

  it('has nine columns, the last four wide', () => {
    assert.deepEqual(
      podPrinter.columns.map((c) => [c.name, c.priority]),
      [
        ['Name', 0],
        ['Ready', 0],
        ['Status', 0],
        ['Restarts', 0],
        ['Age', 0],
        ['IP', 1],
        ['Node', 1],
        ['Nominated Node', 1],
        ['Readiness Gates', 1],
      ],
    );
    assert.equal(podPrinter.columns[0]?.format, 'name');
  });

  it('marks finished pods with a Completed row condition', () => {
    const conditionsOf = (phase: string) => podPrinter.conditions?.(pod(1, { status: { phase } }));
    assert.deepEqual(conditionsOf('Succeeded'), [
      { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
    ]);
    assert.deepEqual(conditionsOf('Failed'), [
      { type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' },
    ]);
    assert.equal(conditionsOf('Running'), undefined);
  });
});
