import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Node, NodeSelectorRequirement, PodSpec } from 'kubernetes-types/core/v1.js';
import { nodeMatchesPodAffinity } from './node-affinity.js';

const node: Node = {
  metadata: {
    name: 'kubeling',
    labels: { disk: 'ssd', zone: 'a', cores: '8', 'node-role.kubernetes.io/control-plane': '' },
  },
};

function affinity(...terms: { expr?: NodeSelectorRequirement[]; fields?: NodeSelectorRequirement[] }[]): PodSpec {
  return {
    containers: [],
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: terms.map((t) => ({
            ...(t.expr ? { matchExpressions: t.expr } : {}),
            ...(t.fields ? { matchFields: t.fields } : {}),
          })),
        },
      },
    },
  };
}

const req = (key: string, operator: string, values?: string[]): NodeSelectorRequirement => ({
  key,
  operator,
  ...(values ? { values } : {}),
});

test('nodeMatchesPodAffinity: nodeSelector and required node affinity', () => {
  const cases: [name: string, spec: PodSpec | undefined, want: boolean][] = [
    ['no constraints', undefined, true],
    ['selector matches', { containers: [], nodeSelector: { disk: 'ssd' } }, true],
    [
      'selector with empty value',
      { containers: [], nodeSelector: { 'node-role.kubernetes.io/control-plane': '' } },
      true,
    ],
    ['selector value differs', { containers: [], nodeSelector: { disk: 'hdd' } }, false],
    ['selector label missing', { containers: [], nodeSelector: { gpu: 'true' } }, false],
    ['In', affinity({ expr: [req('zone', 'In', ['a', 'b'])] }), true],
    ['In not matching', affinity({ expr: [req('zone', 'In', ['b'])] }), false],
    ['NotIn', affinity({ expr: [req('zone', 'NotIn', ['b'])] }), true],
    ['NotIn with absent label', affinity({ expr: [req('gpu', 'NotIn', ['x'])] }), true],
    ['NotIn matching value', affinity({ expr: [req('zone', 'NotIn', ['a'])] }), false],
    ['Exists', affinity({ expr: [req('disk', 'Exists')] }), true],
    ['Exists absent', affinity({ expr: [req('gpu', 'Exists')] }), false],
    ['DoesNotExist', affinity({ expr: [req('gpu', 'DoesNotExist')] }), true],
    ['DoesNotExist present', affinity({ expr: [req('disk', 'DoesNotExist')] }), false],
    ['Gt', affinity({ expr: [req('cores', 'Gt', ['4'])] }), true],
    ['Gt equal', affinity({ expr: [req('cores', 'Gt', ['8'])] }), false],
    ['Lt', affinity({ expr: [req('cores', 'Lt', ['16'])] }), true],
    ['Lt non-integer label', affinity({ expr: [req('zone', 'Lt', ['16'])] }), false],
    ['Gt with two values is invalid', affinity({ expr: [req('cores', 'Gt', ['1', '2'])] }), false],
    ['In with no values is invalid', affinity({ expr: [req('zone', 'In', [])] }), false],
    ['unknown operator', affinity({ expr: [req('zone', 'Equals', ['a'])] }), false],
    [
      'expressions of a term are ANDed',
      affinity({ expr: [req('zone', 'In', ['a']), req('disk', 'In', ['hdd'])] }),
      false,
    ],
    ['terms are ORed', affinity({ expr: [req('zone', 'In', ['b'])] }, { expr: [req('disk', 'In', ['ssd'])] }), true],
    ['an empty term matches nothing', affinity({}), false],
    ['no terms match nothing', affinity(), false],
    ['matchFields metadata.name In', affinity({ fields: [req('metadata.name', 'In', ['kubeling'])] }), true],
    ['matchFields metadata.name NotIn', affinity({ fields: [req('metadata.name', 'NotIn', ['kubeling'])] }), false],
    ['matchFields other key', affinity({ fields: [req('metadata.uid', 'In', ['kubeling'])] }), false],
    [
      'selector and affinity must both hold',
      { ...affinity({ expr: [req('zone', 'In', ['a'])] }), nodeSelector: { disk: 'hdd' } },
      false,
    ],
  ];
  for (const [name, spec, want] of cases) assert.equal(nodeMatchesPodAffinity(spec, node), want, name);
});
