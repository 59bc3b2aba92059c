import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { formatLabelSelector, formatLabels, labelSelectorString } from './label-selector.js';

describe('formatLabels', () => {
  it('sorts keys and joins k=v', () => assert.equal(formatLabels({ b: '2', a: '1' }), 'a=1,b=2'));
  it('prints <none> for no labels', () => {
    assert.equal(formatLabels(undefined), '<none>');
    assert.equal(formatLabels({}), '<none>');
  });
});

describe('label selectors', () => {
  const cases: { name: string; selector: LabelSelector | undefined; plain: string | undefined; formatted: string }[] = [
    { name: 'missing', selector: undefined, plain: '', formatted: '<none>' },
    { name: 'empty', selector: {}, plain: '', formatted: '<none>' },
    { name: 'matchLabels', selector: { matchLabels: { app: 'hello' } }, plain: 'app=hello', formatted: 'app=hello' },
    {
      name: 'sorted by key across labels and expressions',
      selector: {
        matchLabels: { tier: 'web', app: 'hello' },
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['prod', 'dev'] },
          { key: 'zone', operator: 'NotIn', values: ['b'] },
          { key: 'canary', operator: 'DoesNotExist' },
          { key: 'beta', operator: 'Exists' },
        ],
      },
      plain: 'app=hello,beta,!canary,env in (dev,prod),tier=web,zone notin (b)',
      formatted: 'app=hello,beta,!canary,env in (dev,prod),tier=web,zone notin (b)',
    },
    {
      name: 'unknown operator',
      selector: { matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] },
      plain: undefined,
      formatted: '<error>',
    },
    {
      name: 'In without values',
      selector: { matchExpressions: [{ key: 'a', operator: 'In', values: [] }] },
      plain: undefined,
      formatted: '<error>',
    },
    {
      name: 'Exists with values',
      selector: { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] },
      plain: undefined,
      formatted: '<error>',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.equal(labelSelectorString(c.selector), c.plain);
      assert.equal(formatLabelSelector(c.selector), c.formatted);
    });
  }
});
