import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { StatusError } from '../status-error.js';
import { type LabelRequirement, requirementErrors, requirementString } from './requirement.js';
import {
  everything,
  formatLabelSelector,
  formatLabels,
  LabelSelectorMatcher,
  labelSelectorFromObject,
  nothing,
  parseLabelSelector,
  selectorFromSet,
} from './selector.js';

type Set = Record<string, string>;

// Upstream TestSelectorMatches.
const matching: [string, Set, boolean][] = [
  ['', { x: 'y' }, true],
  ['x=y', { x: 'y' }, true],
  ['x=y,z=w', { x: 'y', z: 'w' }, true],
  ['x!=y,z!=w', { x: 'z', z: 'a' }, true],
  ['notin=in', { notin: 'in' }, true],
  ['x', { x: 'z' }, true],
  ['!x', { y: 'z' }, true],
  ['x>1', { x: '2' }, true],
  ['x<1', { x: '0' }, true],
  ['x=z', {}, false],
  ['x=y', { x: 'z' }, false],
  ['x=y,z=w', { x: 'w', z: 'w' }, false],
  ['x!=y,z!=w', { x: 'z', z: 'w' }, false],
  ['x', { y: 'z' }, false],
  ['!x', { x: 'z' }, false],
  ['x>1', { x: '0' }, false],
  ['x<1', { x: '2' }, false],
  ['foo=bar', { foo: 'bar', baz: 'blah' }, true],
  ['baz=blah', { foo: 'bar', baz: 'blah' }, true],
  ['foo=bar,baz=blah', { foo: 'bar', baz: 'blah' }, true],
  ['foo=blah', { foo: 'bar', baz: 'blah' }, false],
  ['baz=bar', { foo: 'bar', baz: 'blah' }, false],
  ['foo=bar,foobar=bar,baz=blah', { foo: 'bar', baz: 'blah' }, false],
  // Upstream TestRequirementSelectorMatching.
  ['x in (foo),y notin (alpha)', { x: 'foo', y: 'baz' }, true],
  ['x in (foo),y in (alpha)', { x: 'foo', y: 'baz' }, false],
  ['x notin (),y', { y: '' }, true],
  ['!x,y', { y: '' }, true],
  ['x notin (),!y', { y: '' }, false],
  ['x in ()', { y: 'baz' }, false],
  ['z>1', { z: '2' }, true],
  ['z>1', { z: 'v2' }, false],
  ['x==y', { x: 'y' }, true],
  ['x in (a,b)', { x: 'b' }, true],
  ['x notin (a,b)', { x: 'b' }, false],
  ['x notin (a,b)', {}, true],
  ['x!=a', {}, true],
  ['x>1', {}, false],
  ['constructor', {}, false],
];

for (const [selector, labels, want] of matching) {
  test(`${JSON.stringify(selector)} ${want ? 'matches' : 'does not match'} ${JSON.stringify(labels)}`, () => {
    assert.equal(parseLabelSelector(selector).matches(labels), want);
  });
}

test('undefined labels are the empty set', () => {
  assert.equal(parseLabelSelector('!x').matches(undefined), true);
  assert.equal(parseLabelSelector('x').matches(undefined), false);
});

// Upstream TestSetMatches.
test('selectorFromSet matches supersets', () => {
  const labels = { foo: 'bar', baz: 'blah' };
  for (const set of [{}, { foo: 'bar' }, { baz: 'blah' }, { foo: 'bar', baz: 'blah' }]) {
    assert.equal(selectorFromSet(set).matches(labels), true);
  }
  assert.equal(selectorFromSet({ foo: 'bar', x: 'y' }).matches(labels), false);
  assert.equal(selectorFromSet({ app: 'foo', a: 'b' }).toString(), 'a=b,app=foo');
  assert.equal(selectorFromSet(undefined).empty(), true);
});

const req = (key: string, operator: LabelRequirement['operator'], ...values: string[]): LabelRequirement => ({
  key,
  operator,
  values,
});

// Upstream TestToString.
const strings: [LabelRequirement[], string][] = [
  [[req('x', 'in', 'abc', 'def'), req('y', 'notin', 'jkl'), req('z', 'exists')], 'x in (abc,def),y notin (jkl),z'],
  [[req('x', 'notin', 'abc', 'def'), req('y', '!=', 'jkl'), req('z', '!')], 'x notin (abc,def),y!=jkl,!z'],
  [
    [req('x', 'notin', 'abc'), req('y', 'in', 'jkl', 'mno'), req('z', 'notin', '')],
    'x notin (abc),y in (jkl,mno),z notin ()',
  ],
  [[req('x', '=', 'abc'), req('y', '==', 'jkl'), req('z', '!=', 'a'), req('z', 'exists')], 'x=abc,y==jkl,z!=a,z'],
  [[req('x', 'gt', '2'), req('y', 'lt', '8'), req('z', 'exists')], 'x>2,y<8,z'],
  [[req('x', 'in', 'def', 'abc')], 'x in (abc,def)'],
];

for (const [requirements, want] of strings) {
  test(`toString gives ${want}`, () => {
    assert.equal(new LabelSelectorMatcher(requirements).toString(), want);
  });
}

// Upstream TestRequirementConstructor: the field paths of each error.
const constructorErrors: [string, LabelRequirement['operator'], string[], string[]][] = [
  ['x1', 'in', [], ['values']],
  ['x2', 'notin', [], ['values']],
  ['x3', 'in', ['foo'], []],
  ['x5', '=', ['bar', 'foo'], ['values']],
  ['x6', 'exists', [], []],
  ['x8', 'exists', ['foo'], ['values']],
  ['x11', 'gt', ['1'], []],
  ['x13', 'gt', [], ['values']],
  ['x14', 'gt', ['bar'], ['values[0]']],
  ['x15', 'lt', ['bar'], ['values[0]']],
  ['a'.repeat(254), 'exists', [], ['key']],
  ['x16', '=', ['a'.repeat(254)], ['values[0][x16]']],
  ['x17', '=', ['a b'], ['values[0][x17]']],
];

for (const [key, operator, values, fields] of constructorErrors) {
  test(`requirement ${key.slice(0, 8)} ${operator} ${JSON.stringify(values)} errors at ${JSON.stringify(fields)}`, () => {
    assert.deepEqual(
      requirementErrors(key, operator, values).map((e) => e.field),
      fields,
    );
  });
}

test('requiresExactMatch (upstream TestRequiresExactMatch)', () => {
  assert.equal(parseLabelSelector('key in (value)').requiresExactMatch('key'), 'value');
  assert.equal(parseLabelSelector('key in (value,value2)').requiresExactMatch('key'), undefined);
  assert.equal(parseLabelSelector('key in (value,value1),key2 in (value2)').requiresExactMatch('key2'), 'value2');
  assert.equal(parseLabelSelector('key=value').requiresExactMatch('key'), 'value');
  assert.equal(parseLabelSelector('key==value').requiresExactMatch('key'), 'value');
  assert.equal(parseLabelSelector('key!=value').requiresExactMatch('key'), undefined);
  assert.equal(parseLabelSelector('other=value').requiresExactMatch('key'), undefined);
});

test('everything and nothing', () => {
  assert.equal(everything().matches({ a: 'b' }), true);
  assert.equal(everything().empty(), true);
  assert.equal(nothing().matches({}), false);
  assert.equal(nothing().empty(), false);
  assert.equal(nothing().toString(), '');
});

// metav1.LabelSelectorAsSelector and FormatLabelSelector.
const objects: [LabelSelector | undefined, string, Set, boolean][] = [
  [undefined, '<none>', {}, false],
  [{}, '<none>', {}, true],
  [{ matchLabels: { app: 'hello' } }, 'app=hello', { app: 'hello', x: 'y' }, true],
  [
    {
      matchLabels: { tier: 'web' },
      matchExpressions: [
        { key: 'env', operator: 'In', values: ['prod', 'dev'] },
        { key: 'canary', operator: 'DoesNotExist' },
        { key: 'app', operator: 'Exists' },
        { key: 'zone', operator: 'NotIn', values: ['b'] },
      ],
    },
    'app,!canary,env in (dev,prod),tier=web,zone notin (b)',
    { tier: 'web', env: 'dev', app: 'x', zone: 'a' },
    true,
  ],
  [{ matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }] }, 'env in (prod)', { env: 'dev' }, false],
];

for (const [sel, text, labels, want] of objects) {
  test(`label selector object ${JSON.stringify(sel)}`, () => {
    assert.equal(formatLabelSelector(sel), text);
    assert.equal(labelSelectorFromObject(sel).matches(labels), want);
  });
}

const invalidObjects: [LabelSelector, string][] = [
  [{ matchExpressions: [{ key: 'a', operator: 'Bogus' }] }, '"Bogus" is not a valid label selector operator'],
  [
    { matchExpressions: [{ key: 'a', operator: 'In' }] },
    "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty",
  ],
  [
    { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] },
    'values: Invalid value: ["x"]: values set must be empty for exists and does not exist',
  ],
  [{ matchLabels: { 'a b': 'c' } }, 'key: Invalid value: "a b": name part must consist of alphanumeric'],
];

for (const [sel, message] of invalidObjects) {
  test(`invalid label selector object ${JSON.stringify(sel)}`, () => {
    assert.equal(formatLabelSelector(sel), '<error>');
    assert.throws(
      () => labelSelectorFromObject(sel),
      (err: unknown) => {
        assert.ok(err instanceof StatusError);
        assert.equal(err.code, 400);
        assert.ok(err.message.startsWith(message), err.message);
        return true;
      },
    );
  });
}

test('formatLabels', () => {
  assert.equal(formatLabels(undefined), '<none>');
  assert.equal(formatLabels({ b: '2', a: '1' }), 'a=1,b=2');
});

test('requirementString of a single value', () => {
  assert.equal(requirementString(req('k', 'lt', '5')), 'k<5');
});
