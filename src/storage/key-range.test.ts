import assert from 'node:assert/strict';
import { it } from 'node:test';
import { keyRange, prefixEnd } from './key-range.js';

it('prefixEnd bounds exactly the keys that start with the prefix', () => {
  const cases: Array<[string, string | undefined]> = [
    ['', undefined],
    ['/registry/', '/registry0'],
    ['/a', '/b'],
    ['a\u{10ffff}', 'b'],
    ['\u{10ffff}', undefined],
    ['x\ud7ff', 'x\ue000'],
    ['x\u{1f600}', 'x\u{1f601}'],
  ];
  for (const [prefix, end] of cases) assert.equal(prefixEnd(prefix), end, JSON.stringify(prefix));
  const end = prefixEnd('/registry/core/pods/')!;
  for (const key of ['/registry/core/pods/', '/registry/core/pods/default/x', '/registry/core/pods/\u{ffff}']) {
    assert.ok(key < end, key);
  }
  for (const key of ['/registry/core/pods0', '/registry/core/podsx/a', '/registry/core/q']) assert.ok(key >= end, key);
});

it('keyRange starts after startAfter only when it lies at or past the prefix', () => {
  const cases: Array<[string, string | undefined, ReturnType<typeof keyRange>]> = [
    ['/p/', undefined, { lower: '/p/', inclusive: true, upper: '/p0' }],
    ['/p/', '/p/b', { lower: '/p/b', inclusive: false, upper: '/p0' }],
    ['/p/', '/a', { lower: '/p/', inclusive: true, upper: '/p0' }],
    ['/p/', '/p/', { lower: '/p/', inclusive: false, upper: '/p0' }],
    ['', 'k', { lower: 'k', inclusive: false, upper: undefined }],
  ];
  for (const [prefix, startAfter, expected] of cases) assert.deepEqual(keyRange(prefix, startAfter), expected);
});
