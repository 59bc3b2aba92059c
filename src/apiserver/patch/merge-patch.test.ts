import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonObject } from './json-value.js';
import { applyMergePatch } from './merge-patch.js';

/** RFC 7386 appendix A (the object cases), then evanphx/json-patch.v4 specifics and kubectl's bodies. */
const cases: [name: string, doc: JsonObject, patch: JsonObject, want: JsonObject][] = [
  ['replace a member', { a: 'b' }, { a: 'c' }, { a: 'c' }],
  ['add a member', { a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
  ['null deletes', { a: 'b' }, { a: null }, {}],
  ['null deletes only that member', { a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
  ['a scalar replaces a list', { a: ['b'] }, { a: 'c' }, { a: 'c' }],
  ['a list replaces a scalar', { a: 'c' }, { a: ['b'] }, { a: ['b'] }],
  ['objects merge recursively', { a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
  ['lists are replaced whole', { a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
  ['existing nulls stay', { e: null }, { a: 1 }, { e: null, a: 1 }],
  ['nulls in new objects are pruned', {}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ['a null member is replaced like a missing one', { a: null }, { a: { b: null, c: 1 } }, { a: { c: 1 } }],
  ['nulls in new lists stay, nulls in their objects go', {}, { a: [null, { b: null, c: 1 }] }, { a: [null, { c: 1 }] }],
  [
    'a list replacing an object keeps its nulls (evanphx quirk)',
    { a: { x: 1 } },
    { a: [{ b: null }] },
    { a: [{ b: null }] },
  ],
  [
    'kubectl label a=b, c-',
    { metadata: { name: 'x', labels: { c: 'd', e: 'f' } } },
    { metadata: { labels: { a: 'b', c: null } } },
    { metadata: { name: 'x', labels: { e: 'f', a: 'b' } } },
  ],
  [
    'kubectl annotate on an object without annotations',
    { metadata: { name: 'x' } },
    { metadata: { annotations: { note: 'hi' } } },
    { metadata: { name: 'x', annotations: { note: 'hi' } } },
  ],
];

describe('applyMergePatch', () => {
  for (const [name, doc, patch, want] of cases) {
    it(name, () => {
      const before = structuredClone(doc);
      assert.deepEqual(applyMergePatch(doc, patch), want);
      assert.deepEqual(doc, before, 'the input is not modified');
    });
  }

  it('400 when the body is not an object', () => {
    assert.throws(() => applyMergePatch({}, null), { code: 400, message: 'Invalid JSON Patch' });
    assert.throws(() => applyMergePatch({}, ['c']), {
      code: 400,
      message: 'error decoding patch: json: cannot unmarshal array into Go value of type map[string]interface {}',
    });
    assert.throws(() => applyMergePatch({}, 'bar'), { code: 400, reason: 'BadRequest' });
  });

  it('a __proto__ member is an ordinary member, never the prototype', () => {
    const patch = JSON.parse('{"__proto__":{"polluted":true},"a":1}') as JsonObject;
    const result = applyMergePatch({}, patch);
    assert.deepEqual(Object.getPrototypeOf(result), Object.prototype);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.deepEqual(Object.keys(result), ['__proto__', 'a']);
  });
});
