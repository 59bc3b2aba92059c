import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalJson, equalIgnoreHash, pruneEmpty, semanticEqual, withoutHashLabel } from './template-equality.js';
import { template } from './test-fixtures.js';

test('pruneEmpty drops null, empty arrays and empty objects recursively', () => {
  assert.deepEqual(pruneEmpty({ a: null, b: [], c: {}, d: { e: {} }, f: 0, g: '', h: false, i: [1, null] }), {
    f: 0,
    g: '',
    h: false,
    i: [1, null],
  });
  assert.equal(pruneEmpty({ a: { b: [] } }), undefined);
});

test('canonicalJson sorts keys at every level', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: 2, c: [{ y: 1, x: 2 }] } }), '{"a":{"c":[{"x":2,"y":1}],"d":2},"b":1}');
});

test('semanticEqual: nil and empty collections are equal, values are not', () => {
  const cases: [unknown, unknown, boolean][] = [
    [{ labels: {} }, {}, true],
    [{ args: [] }, { args: null }, true],
    [{ a: 1 }, { a: 2 }, false],
    [{ a: [1, 2] }, { a: [2, 1] }, false],
    [{ a: '' }, {}, false],
  ];
  for (const [a, b, want] of cases) assert.equal(semanticEqual(a, b), want, JSON.stringify([a, b]));
});

test('equalIgnoreHash ignores only the pod-template-hash label', () => {
  const rsTemplate = template('nginx:1', { app: 'hello', 'pod-template-hash': 'abc' });
  assert.ok(equalIgnoreHash(rsTemplate, template('nginx:1')));
  assert.ok(!equalIgnoreHash(rsTemplate, template('nginx:2')));
  assert.ok(!equalIgnoreHash(rsTemplate, template('nginx:1', { app: 'other' })));
  const restarted = template('nginx:1');
  restarted.metadata = { ...restarted.metadata, annotations: { 'kubectl.kubernetes.io/restartedAt': 'now' } };
  assert.ok(!equalIgnoreHash(rsTemplate, restarted));
});

test('withoutHashLabel leaves its argument alone', () => {
  const t = template('nginx:1', { app: 'hello', 'pod-template-hash': 'abc' });
  assert.deepEqual(withoutHashLabel(t).metadata?.labels, { app: 'hello' });
  assert.equal(t.metadata?.labels?.['pod-template-hash'], 'abc');
});
