import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  compileLabelSelector,
  type LabelSelector,
  selectorMatches,
  validateAnnotations,
  validateLabelSelector,
  validateLabels,
} from './labels.js';
import { messages } from './test-fixtures.js';

const qualified =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const labelValue =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

describe('labels and annotations', () => {
  it('reports keys and values at the map path, keys sorted', () => {
    assert.deepEqual(messages(validateLabels({ 'z!': 'ok', app: 'bad value' }, 'metadata.labels')), [
      `metadata.labels: Invalid value: "bad value": ${labelValue}`,
      `metadata.labels: Invalid value: "z!": ${qualified}`,
    ]);
  });

  it('limits annotations to 256 KiB', () => {
    assert.deepEqual(messages(validateAnnotations({ big: 'x'.repeat(256 * 1024) }, 'metadata.annotations')), [
      'metadata.annotations: Too long: may not be more than 262144 bytes',
    ]);
    assert.deepEqual(
      validateAnnotations({ 'Kubectl.Kubernetes.io/Note': 'upper case keys are checked lower-cased' }, 'a'),
      [],
    );
  });
});

describe('label selectors', () => {
  const cases: [string, LabelSelector, string[]][] = [
    ['valid', { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a'] }] }, []],
    [
      'In without values',
      { matchExpressions: [{ key: 'tier', operator: 'In' }] },
      ["s.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"],
    ],
    [
      'Exists with values',
      { matchExpressions: [{ key: 'tier', operator: 'Exists', values: ['a'] }] },
      ["s.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"],
    ],
    [
      'bad operator',
      { matchExpressions: [{ key: 'tier', operator: 'Equals', values: ['a'] }] },
      ['s.matchExpressions[0].operator: Invalid value: "Equals": not a valid selector operator'],
    ],
    [
      'bad value',
      { matchExpressions: [{ key: 'tier', operator: 'In', values: ['a b'] }] },
      [`s.matchExpressions[0].values[0]: Invalid value: "a b": ${labelValue}`],
    ],
  ];
  for (const [name, sel, want] of cases)
    it(name, () => assert.deepEqual(messages(validateLabelSelector(sel, {}, 's')), want));

  it('matches as Kubernetes does', () => {
    const sel = compileLabelSelector({
      matchLabels: { app: 'web' },
      matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }],
    });
    assert.ok(selectorMatches(sel, { app: 'web' }));
    assert.ok(selectorMatches(sel, { app: 'web', tier: 'fe' }));
    assert.ok(!selectorMatches(sel, { app: 'web', tier: 'db' }));
    assert.ok(!selectorMatches(compileLabelSelector(undefined), { app: 'web' }), 'absent selects nothing');
    assert.ok(selectorMatches(compileLabelSelector({}), { any: 'thing' }), 'empty selects everything');
    assert.equal(compileLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Bogus' }] }).kind, 'invalid');
    const exists = compileLabelSelector({ matchExpressions: [{ key: 'a', operator: 'DoesNotExist' }] });
    assert.ok(selectorMatches(exists, {}));
    assert.ok(!selectorMatches(exists, { a: '' }));
  });
});
