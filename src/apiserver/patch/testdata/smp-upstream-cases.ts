/**
 * Patch applications from apimachinery's strategicpatch/patch_test.go (the server side: a patch applied to an
 * object, with upstream's expected result, list order included), on its MergeItem type (./schemas.ts).
 */

import type { JsonObject } from '../json-value.js';

export interface SmpCase {
  name: string;
  original: JsonObject;
  patch: JsonObject;
  want: JsonObject;
}

export const upstreamCases: SmpCase[] = [
  {
    name: 'unique scalars when merging lists',
    original: { mergingIntList: [1, 2] },
    patch: { mergingIntList: [2, 3] },
    want: { mergingIntList: [1, 2, 3] },
  },
  {
    name: 'delete map from nested map',
    original: { simpleMap: { key1: '1', key2: '1' } },
    patch: { simpleMap: { $patch: 'delete' } },
    want: { simpleMap: {} },
  },
  {
    name: 'delete all items from merging list',
    original: { mergingList: [{ name: 1 }, { name: 2 }] },
    patch: { mergingList: [{ $patch: 'replace' }] },
    want: { mergingList: [] },
  },
  {
    name: 'merge empty merging lists',
    original: { mergingList: [] },
    patch: { mergingList: [] },
    want: { mergingList: [] },
  },
  { name: 'delete all keys from map', original: { name: 1, value: 1 }, patch: { $patch: 'replace' }, want: {} },
  {
    name: 'add key and delete all keys from map',
    original: { name: 1, value: 1 },
    patch: { other: 'a', $patch: 'replace' },
    want: { other: 'a' },
  },
  {
    name: 'delete all duplicate entries in a merging list',
    original: { mergingList: [{ name: 1 }, { name: 1 }, { name: 2, value: 'a' }, { name: 3 }, { name: 3 }] },
    patch: {
      mergingList: [
        { name: 1, $patch: 'delete' },
        { name: 3, $patch: 'delete' },
      ],
    },
    want: { mergingList: [{ name: 2, value: 'a' }] },
  },
  {
    name: 'retainKeys map can delete a field when no retainKeys directive present',
    original: { retainKeysMap: { name: 'foo', value: 'a' } },
    patch: { retainKeysMap: { value: null } },
    want: { retainKeysMap: { name: 'foo' } },
  },
  {
    name: 'preserve the order from the patch in a merging list',
    original: { mergingList: [{ name: 1 }, { name: 2, value: 'b' }, { name: 3 }] },
    patch: {
      mergingList: [
        { name: 3, value: 'c' },
        { name: 1, value: 'a' },
        { name: 2, other: 'x' },
      ],
    },
    want: {
      mergingList: [
        { name: 3, value: 'c' },
        { name: 1, value: 'a' },
        { name: 2, value: 'b', other: 'x' },
      ],
    },
  },
  {
    name: 'preserve the order from the patch in a merging list 2',
    original: { mergingList: [{ name: 1 }, { name: 2, value: 'b' }, { name: 3 }] },
    patch: {
      mergingList: [
        { name: 3, value: 'c' },
        { name: 1, value: 'a' },
      ],
    },
    want: {
      mergingList: [
        { name: 2, value: 'b' },
        { name: 3, value: 'c' },
        { name: 1, value: 'a' },
      ],
    },
  },
  {
    name: 'preserve the order from the patch in a merging int list',
    original: { mergingIntList: [1, 2, 3] },
    patch: { mergingIntList: [3, 1] },
    want: { mergingIntList: [2, 3, 1] },
  },
  {
    name: '$setElementOrder contains an item that is not in the list',
    original: { mergingList: [{ name: 1 }, { name: 3 }] },
    patch: {
      '$setElementOrder/mergingList': [{ name: 3 }, { name: 2 }, { name: 1 }],
      mergingList: [
        { name: 3, value: 3 },
        { name: 1, value: 1 },
      ],
    },
    want: {
      mergingList: [
        { name: 3, value: 3 },
        { name: 1, value: 1 },
      ],
    },
  },
  {
    name: '$setElementOrder alone reorders an int list',
    original: { mergingIntList: [1, 3] },
    patch: { '$setElementOrder/mergingIntList': [3, 2, 1] },
    want: { mergingIntList: [3, 1] },
  },
  {
    name: '$deleteFromPrimitiveList of a missing item adds nothing',
    original: { mergingIntList: [1, 2] },
    patch: { '$deleteFromPrimitiveList/mergingIntList': [3] },
    want: { mergingIntList: [1, 2] },
  },
  {
    name: '$deleteFromPrimitiveList of a missing list adds no list',
    original: { foo: ['bar'] },
    patch: { '$deleteFromPrimitiveList/mergingIntList': [3] },
    want: { foo: ['bar'] },
  },
  {
    name: '$deleteFromPrimitiveList works on a list without merge strategy',
    original: { nonMergingIntList: [1, 2, 3] },
    patch: { '$deleteFromPrimitiveList/nonMergingIntList': [2] },
    want: { nonMergingIntList: [1, 3] },
  },
  {
    name: 'nested patch merge with empty list',
    original: { name: 'hi', mergingList: [{ name: 'hello2' }] },
    patch: {
      '$setElementOrder/mergingList': [{ name: 'hello' }, { name: 'doesntexist' }],
      mergingList: [{ name: 'hello' }],
    },
    want: { name: 'hi', mergingList: [{ name: 'hello' }, { name: 'hello2' }] },
  },
  {
    name: 'delete and add items in lists of scalars',
    original: { mergingIntList: [1, 2, 3, 4] },
    patch: { '$setElementOrder/mergingIntList': [1, 2], '$deleteFromPrimitiveList/mergingIntList': [3] },
    want: { mergingIntList: [1, 2, 4] },
  },
  {
    name: 'merge lists of maps',
    original: {
      mergingList: [
        { name: 1, other: 'a' },
        { name: 2, value: 2, other: 'b' },
      ],
    },
    patch: {
      '$setElementOrder/mergingList': [{ name: 4 }, { name: 1 }, { name: 2 }, { name: 3 }],
      mergingList: [
        { name: 4, value: 4 },
        { name: 3, value: 3 },
      ],
    },
    want: {
      mergingList: [
        { name: 4, value: 4 },
        { name: 1, other: 'a' },
        { name: 2, value: 2, other: 'b' },
        { name: 3, value: 3 },
      ],
    },
  },
  {
    name: 'add map and delete map from merging list',
    original: { mergingList: [{ name: 1 }, { name: 2, other: 'b' }, { name: 4, other: 'c' }] },
    patch: {
      '$setElementOrder/mergingList': [{ name: 2 }, { name: 3 }],
      mergingList: [{ name: 3 }, { name: 1, $patch: 'delete' }],
    },
    want: { mergingList: [{ name: 2, other: 'b' }, { name: 4, other: 'c' }, { name: 3 }] },
  },
  {
    name: 'replace non merging list nested in merging list',
    original: {
      mergingList: [
        { name: 1, other: 'a', nonMergingList: [{ name: 1 }, { name: 2, value: 2 }] },
        { name: 2, other: 'b' },
      ],
    },
    patch: {
      '$setElementOrder/mergingList': [{ name: 1 }, { name: 2 }],
      mergingList: [{ name: 1, nonMergingList: [{ name: 1, value: 1 }] }],
    },
    want: {
      mergingList: [
        { name: 1, other: 'a', nonMergingList: [{ name: 1, value: 1 }] },
        { name: 2, other: 'b' },
      ],
    },
  },
  {
    name: 'add an item in a list of primitives and preserve order',
    original: { mergingIntList: [1, 4, 2] },
    patch: { '$setElementOrder/mergingIntList': [3, 1, 2], mergingIntList: [3] },
    want: { mergingIntList: [3, 1, 4, 2] },
  },
  {
    name: 'delete an item in a list of primitives and preserve order',
    original: { mergingIntList: [1, 2, 3] },
    patch: { '$setElementOrder/mergingIntList': [2, 1], '$deleteFromPrimitiveList/mergingIntList': [3] },
    want: { mergingIntList: [2, 1] },
  },
  {
    name: 'set elements order in a list with server-only items',
    original: {
      mergingList: [
        { name: 1, other: 'a' },
        { name: 3, value: 3 },
        { name: 4, value: 4 },
        { name: 2, value: 2 },
        { name: 9 },
      ],
    },
    patch: { '$setElementOrder/mergingList': [{ name: 4 }, { name: 2 }, { name: 3 }, { name: 1 }] },
    want: {
      mergingList: [
        { name: 4, value: 4 },
        { name: 2, value: 2 },
        { name: 3, value: 3 },
        { name: 1, other: 'a' },
        { name: 9 },
      ],
    },
  },
  {
    name: 'set elements order in a list with server-only items 3',
    original: {
      mergingList: [
        { name: 1, other: 'a' },
        { name: 2, value: 2 },
        { name: 7 },
        { name: 9 },
        { name: 8 },
        { name: 3, value: 3 },
        { name: 4, value: 4 },
      ],
    },
    patch: { '$setElementOrder/mergingList': [{ name: 2 }, { name: 1 }, { name: 4 }, { name: 3 }] },
    want: {
      mergingList: [
        { name: 2, value: 2 },
        { name: 1, other: 'a' },
        { name: 7 },
        { name: 9 },
        { name: 8 },
        { name: 4, value: 4 },
        { name: 3, value: 3 },
      ],
    },
  },
  {
    name: 'set element order for a merging list with duplicates',
    original: {
      mergingList: [{ name: 1 }, { name: 2, value: 'dup1' }, { name: 3 }, { name: 2, value: 'dup2' }, { name: 4 }],
    },
    patch: { '$setElementOrder/mergingList': [{ name: 2 }, { name: 1 }, { name: 4 }, { name: 3 }, { name: 2 }] },
    want: {
      mergingList: [{ name: 2, value: 'dup1' }, { name: 2, value: 'dup2' }, { name: 1 }, { name: 4 }, { name: 3 }],
    },
  },
  {
    name: 'set element order for a merging int list with duplicates',
    original: { mergingIntList: [1, 2, 3, 2, 4] },
    patch: { '$setElementOrder/mergingIntList': [2, 1, 4, 3, 2] },
    want: { mergingIntList: [2, 2, 1, 4, 3] },
  },
  {
    name: 'retainKeys map should clear defaulted field',
    original: { retainKeysMap: { value: 'foo' } },
    patch: { retainKeysMap: { $retainKeys: ['other'], other: 'bar' } },
    want: { retainKeysMap: { other: 'bar' } },
  },
  {
    name: 'retainKeys map should clear defaulted field with conflict (discriminated union)',
    original: { retainKeysMap: { name: 'type1', value: 'foo' } },
    patch: { retainKeysMap: { $retainKeys: ['name', 'other'], name: 'type2', other: 'bar' } },
    want: { retainKeysMap: { name: 'type2', other: 'bar' } },
  },
  {
    name: 'retainKeys list of maps clears a field',
    original: { retainKeysMergingList: [{ name: 'bar' }, { name: 'foo', value: 'a', other: 'x' }] },
    patch: {
      '$setElementOrder/retainKeysMergingList': [{ name: 'bar' }, { name: 'foo' }],
      retainKeysMergingList: [{ $retainKeys: ['name', 'value'], name: 'foo' }],
    },
    want: { retainKeysMergingList: [{ name: 'bar' }, { name: 'foo', value: 'a' }] },
  },
  {
    name: 'delete and reorder in one list, reorder in another',
    original: {
      mergingList: [
        { name: 'a', value: 'a' },
        { name: 'b', value: 'b' },
      ],
      mergeItemPtr: [
        { name: 'c', value: 'c' },
        { name: 'd', value: 'd' },
      ],
    },
    patch: {
      '$setElementOrder/mergingList': [{ name: 'b' }],
      '$setElementOrder/mergeItemPtr': [{ name: 'd' }, { name: 'c' }],
      mergingList: [{ $patch: 'delete', name: 'a' }],
    },
    want: {
      mergingList: [{ name: 'b', value: 'b' }],
      mergeItemPtr: [
        { name: 'd', value: 'd' },
        { name: 'c', value: 'c' },
      ],
    },
  },
  {
    name: 'replace RawExtension field, rest unchanged',
    original: {
      name: 'my-object',
      mergingList: [{ name: 1 }, { name: 2 }],
      replacingItem: { Some: 'Generic', Yaml: 'Inside', Field: 'Period' },
    },
    patch: { replacingItem: { Newly: 'Modified', Yaml: 'Inside' } },
    want: {
      name: 'my-object',
      mergingList: [{ name: 1 }, { name: 2 }],
      replacingItem: { Newly: 'Modified', Yaml: 'Inside' },
    },
  },
  // TestUnknownField: fields the schema does not know merge like a JSON merge patch.
  {
    name: 'unknown fields: nulls in added values are discarded',
    original: { array: [1, 2, 3], complex: { nested: true }, name: 'foo' },
    patch: { complex_nullable: { key: { keynotnull: 'value', keynull: null } } },
    want: {
      array: [1, 2, 3],
      complex: { nested: true },
      complex_nullable: { key: { keynotnull: 'value' } },
      name: 'foo',
    },
  },
  {
    name: 'unknown fields: nulls in new lists of objects are discarded, scalar nulls are not',
    original: {},
    patch: { complex_nullable: [{ inner_one: { key_one: 'foo', key_two: null } }], scalars: ['key1', null, 'key2'] },
    want: { complex_nullable: [{ inner_one: { key_one: 'foo' } }], scalars: ['key1', null, 'key2'] },
  },
  {
    name: 'unknown fields: removal, and existing nulls kept',
    original: { name: 'foo', scalar: true, complex: { nested: true }, array: [1, 2, 3], thing: null },
    patch: { complex: null, scalar: null },
    want: { name: 'foo', array: [1, 2, 3], thing: null },
  },
  {
    name: 'unknown fields: a changed nested value and a replaced list',
    original: { array: [1, 2, 3], complex: { nested: true, other: 1 } },
    patch: { array: [4], complex: { nested: false } },
    want: { array: [4], complex: { nested: false, other: 1 } },
  },
];
