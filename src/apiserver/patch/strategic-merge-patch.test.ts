import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonObject } from './json-value.js';
import { applyStrategicMergePatch } from './strategic-merge-patch.js';
import { mergeItem } from './testdata/schemas.js';
import { upstreamCases } from './testdata/smp-upstream-cases.js';

describe('applyStrategicMergePatch: upstream cases', () => {
  for (const c of upstreamCases) {
    it(c.name, () => {
      const original = structuredClone(c.original);
      const patch = structuredClone(c.patch);
      assert.deepEqual(applyStrategicMergePatch(original, patch, mergeItem), c.want);
      assert.deepEqual(original, c.original, 'the original is not modified');
      assert.deepEqual(patch, c.patch, 'the patch is not modified');
    });
  }
});

interface ErrorCase {
  name: string;
  original: JsonObject;
  patch: unknown;
  code: number;
  message: string | RegExp;
}

const errors: ErrorCase[] = [
  {
    name: 'missing merge key',
    original: { mergingList: [{ name: 1, value: 'a' }] },
    patch: { mergingList: [{ value: 'b' }] },
    code: 500,
    message: 'map: map[value:b] does not contain declared merge key: name',
  },
  {
    name: '$setElementOrder and the patch list disagree',
    original: { mergingList: [{ name: 1 }, { name: 3 }, { name: 2 }] },
    patch: {
      '$setElementOrder/mergingList': [{ name: 1 }, { name: 2 }, { name: 3 }],
      mergingList: [
        { name: 3, value: 3 },
        { name: 1, value: 1 },
      ],
    },
    code: 500,
    message:
      "The order in patch list:\n[map[name:3 value:3] map[name:1 value:1]]\n doesn't match $setElementOrder list:\n[map[name:1] map[name:2] map[name:3]]\n",
  },
  {
    name: '$setElementOrder and an int patch list disagree',
    original: { mergingIntList: [1, 3, 2] },
    patch: { '$setElementOrder/mergingIntList': [1, 2, 3], mergingIntList: [3, 1] },
    code: 500,
    message: /doesn't match/,
  },
  {
    name: '$retainKeys that is not a list',
    original: { retainKeysMap: { name: 'a' } },
    patch: { retainKeysMap: { $retainKeys: 'name' } },
    code: 400,
    message: 'invalid patch format of retainKeys',
  },
  {
    name: 'a patch member missing from $retainKeys',
    original: { retainKeysMap: { name: 'a' } },
    patch: { retainKeysMap: { $retainKeys: ['name'], value: 'x' } },
    code: 400,
    message: 'invalid patch format of retainKeys',
  },
  {
    name: '$setElementOrder without a list name',
    original: {},
    patch: { $setElementOrder: [] },
    code: 400,
    message: 'invalid patch format of setElementOrder list',
  },
  {
    name: '$deleteFromPrimitiveList without a list name',
    original: {},
    patch: { $deleteFromPrimitiveList: [1] },
    code: 400,
    message: 'invalid patch format of primitive list',
  },
  {
    name: '$patch: merge in a list',
    original: { mergingList: [{ name: 1 }] },
    patch: { mergingList: [{ $patch: 'merge' }] },
    code: 500,
    message: 'merging lists cannot yet be specified in the patch',
  },
  {
    name: 'an unknown $patch in a map',
    original: { simpleMap: { a: 'b' } },
    patch: { simpleMap: { $patch: 'frobnicate' } },
    code: 500,
    message: 'unknown patch type: frobnicate in map: map[$patch:frobnicate]',
  },
  {
    name: 'lists of lists',
    original: { mergingIntList: [[1]] },
    patch: { mergingIntList: [[2]] },
    code: 422,
    message: 'the server rejected our request due to an error in our request',
  },
  {
    name: 'a body that is not an object',
    original: {},
    patch: [1],
    code: 400,
    message: 'json: cannot unmarshal array into Go value of type map[string]interface {}',
  },
];

describe('applyStrategicMergePatch: errors', () => {
  for (const c of errors) {
    it(c.name, () => {
      assert.throws(() => applyStrategicMergePatch(c.original, c.patch, mergeItem), {
        code: c.code,
        message: c.message,
      });
    });
  }

  it('a null body changes nothing', () => {
    assert.deepEqual(applyStrategicMergePatch({ a: 1 }, null, mergeItem), { a: 1 });
  });
});
