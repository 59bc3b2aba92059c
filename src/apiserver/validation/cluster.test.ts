import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Namespace, Node } from 'kubernetes-types/core/v1.js';
import {
  validateNamespace,
  validateNamespaceFinalizeUpdate,
  validateNamespaceStatusUpdate,
  validateNode,
  validateNodeUpdate,
} from './cluster.js';
import { messages } from './test-fixtures.js';

describe('Namespace', () => {
  const cases: [string, Namespace, string[]][] = [
    ['valid', { metadata: { name: 'team-a' }, spec: { finalizers: ['kubernetes'] } }, []],
    [
      'name is a DNS label',
      { metadata: { name: 'Team_A' } },
      [
        "metadata.name: Invalid value: \"Team_A\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      ],
    ],
    ['dots', { metadata: { name: 'team.a' } }, ['metadata.name: Invalid value: "team.a": must not contain dots']],
    [
      'spec finalizer',
      { metadata: { name: 'a' }, spec: { finalizers: ['custom'] } },
      ['spec.finalizers: Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified'],
    ],
  ];
  for (const [name, ns, want] of cases) it(name, () => assert.deepEqual(messages(validateNamespace(ns)), want));

  it('status phase follows deletion', () => {
    const ns: Namespace = { metadata: { name: 'a' }, status: { phase: 'Terminating' } };
    assert.deepEqual(messages(validateNamespaceStatusUpdate(ns, ns)), [
      'status.Phase: Invalid value: "Terminating": may only be \'Active\' if `deletionTimestamp` is empty',
    ]);
    const deleting: Namespace = {
      metadata: { name: 'a', deletionTimestamp: '2025-01-01T00:00:00Z' },
      status: { phase: 'Terminating' },
    };
    assert.deepEqual(validateNamespaceStatusUpdate(deleting, deleting), []);
  });

  it('finalize indexes the spec finalizers', () => {
    const ns: Namespace = { metadata: { name: 'a' }, spec: { finalizers: ['kubernetes', 'x'] } };
    assert.deepEqual(messages(validateNamespaceFinalizeUpdate(ns, ns)), [
      'spec.finalizers[1]: Invalid value: "x": name is neither a standard finalizer name nor is it fully qualified',
    ]);
  });
});

describe('Node', () => {
  const base: Node = { metadata: { name: 'node-1' }, spec: {}, status: { capacity: { cpu: '4', pods: '110' } } };
  it('valid', () => assert.deepEqual(validateNode(base), []));
  it('taints', () => {
    const node: Node = {
      ...base,
      spec: {
        taints: [
          { key: 'dedicated', value: 'gpu', effect: '' },
          { key: 'k', value: 'v', effect: 'NoSchedule' },
          { key: 'k', value: 'w', effect: 'NoSchedule' },
        ],
      },
    };
    assert.deepEqual(messages(validateNode(node)), [
      'metadata.taints[0].effect: Required value',
      'metadata.taints[2]: Duplicate value: core.Taint{Key:"k", Value:"w", Effect:"NoSchedule", TimeAdded:(*v1.Time)(nil)}: taints must be unique by key and effect pair',
    ]);
  });
  it('capacity', () => {
    const node: Node = { ...base, status: { capacity: { pods: '1.5' } } };
    assert.deepEqual(messages(validateNode(node)), [
      'status.capacity.pods: Invalid value: "1500m": must be an integer',
    ]);
  });
  it('podCIDRs are set once', () => {
    const old: Node = { ...base, spec: { podCIDRs: ['10.244.0.0/24'] } };
    const now: Node = { ...base, spec: { podCIDRs: ['10.244.1.0/24'] } };
    assert.deepEqual(messages(validateNodeUpdate(now, old)), [
      'spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid',
    ]);
  });
});
