import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StatusError } from '../../api/status-error.js';
import { applyJsonPatch } from './json-patch.js';
import type { JsonObject } from './json-value.js';

const doc = (): JsonObject => ({
  metadata: { name: 'web', labels: { app: 'web' } },
  spec: { replicas: 1, list: ['a', 'b', 'c'], nested: { x: null } },
});

interface Case {
  name: string;
  ops: unknown;
  want: JsonObject;
}

const applies: Case[] = [
  {
    name: 'add a member',
    ops: [{ op: 'add', path: '/metadata/labels/tier', value: 'fe' }],
    want: { ...doc(), metadata: { name: 'web', labels: { app: 'web', tier: 'fe' } } },
  },
  {
    name: 'add replaces an existing member',
    ops: [{ op: 'add', path: '/spec/replicas', value: 3 }],
    want: { ...doc(), spec: { ...(doc().spec as JsonObject), replicas: 3 } },
  },
  {
    name: 'add inserts into a list, `-` appends, the length is a valid index',
    ops: [
      { op: 'add', path: '/spec/list/1', value: 'x' },
      { op: 'add', path: '/spec/list/-', value: 'y' },
      { op: 'add', path: '/spec/list/5', value: 'z' },
    ],
    want: { ...doc(), spec: { ...(doc().spec as JsonObject), list: ['a', 'x', 'b', 'c', 'y', 'z'] } },
  },
  {
    name: 'negative indices count from the end',
    ops: [
      { op: 'remove', path: '/spec/list/-1' },
      { op: 'add', path: '/spec/list/-1', value: 'end' },
    ],
    want: { ...doc(), spec: { ...(doc().spec as JsonObject), list: ['a', 'b', 'end'] } },
  },
  {
    name: 'remove a member and a list item',
    ops: [
      { op: 'remove', path: '/metadata/labels/app' },
      { op: 'remove', path: '/spec/list/0' },
    ],
    want: { metadata: { name: 'web', labels: {} }, spec: { replicas: 1, list: ['b', 'c'], nested: { x: null } } },
  },
  {
    name: 'replace of a missing object member adds it (evanphx v4, relied on by kubectl rollout undo)',
    ops: [{ op: 'replace', path: '/metadata/annotations', value: { a: 'b' } }],
    want: { ...doc(), metadata: { name: 'web', labels: { app: 'web' }, annotations: { a: 'b' } } },
  },
  {
    name: 'replace the whole document',
    ops: [{ op: 'replace', path: '', value: { kind: 'X' } }],
    want: { kind: 'X' },
  },
  {
    name: 'move and copy',
    ops: [
      { op: 'move', from: '/metadata/labels/app', path: '/metadata/labels/name' },
      { op: 'copy', from: '/spec/list', path: '/spec/copy' },
    ],
    want: {
      metadata: { name: 'web', labels: { name: 'web' } },
      spec: { replicas: 1, list: ['a', 'b', 'c'], nested: { x: null }, copy: ['a', 'b', 'c'] },
    },
  },
  {
    name: 'copy from a missing member copies null',
    ops: [{ op: 'copy', from: '/spec/missing', path: '/spec/copied' }],
    want: { ...doc(), spec: { ...(doc().spec as JsonObject), copied: null } },
  },
  {
    name: 'test passes on equal values, on null or missing against null or no value',
    ops: [
      { op: 'test', path: '/spec/list', value: ['a', 'b', 'c'] },
      { op: 'test', path: '/metadata', value: { labels: { app: 'web' }, name: 'web' } },
      { op: 'test', path: '/spec/nested/x', value: null },
      { op: 'test', path: '/spec/absent' },
      { op: 'test', path: '/spec/absent', value: null },
    ],
    want: doc(),
  },
  {
    name: '~1 and ~0 escape / and ~',
    ops: [{ op: 'add', path: '/metadata/labels/example.com~1a~0b', value: 'v' }],
    want: { ...doc(), metadata: { name: 'web', labels: { app: 'web', 'example.com/a~b': 'v' } } },
  },
  { name: 'a null body is an empty patch', ops: null, want: doc() },
];

const notApplicable: { name: string; ops: unknown[] }[] = [
  { name: 'failed test', ops: [{ op: 'test', path: '/spec/replicas', value: 2 }] },
  { name: 'test of an existing value against no value', ops: [{ op: 'test', path: '/spec/replicas' }] },
  { name: 'remove of a missing member', ops: [{ op: 'remove', path: '/metadata/annotations' }] },
  { name: 'add under a missing parent', ops: [{ op: 'add', path: '/status/phase', value: 'x' }] },
  { name: 'add past the end of a list', ops: [{ op: 'add', path: '/spec/list/4', value: 'x' }] },
  { name: 'replace past the end of a list', ops: [{ op: 'replace', path: '/spec/list/3', value: 'x' }] },
  { name: 'a list index that is not a number', ops: [{ op: 'replace', path: '/spec/list/x', value: 'x' }] },
  { name: 'a path through null', ops: [{ op: 'add', path: '/spec/nested/x/y', value: 1 }] },
  { name: 'an unknown op', ops: [{ op: 'frobnicate', path: '/spec' }] },
  { name: 'a missing path', ops: [{ op: 'add', value: 1 }] },
  { name: 'a missing from', ops: [{ op: 'move', path: '/spec/a' }] },
  { name: 'a path through __proto__', ops: [{ op: 'add', path: '/__proto__/polluted', value: true }] },
  { name: 'replacing the document with a scalar', ops: [{ op: 'replace', path: '', value: 1 }] },
];

describe('applyJsonPatch', () => {
  for (const c of applies) {
    it(c.name, () => {
      const input = doc();
      assert.deepEqual(applyJsonPatch(input, c.ops), c.want);
      assert.deepEqual(input, doc(), 'the input is not modified');
    });
  }

  for (const c of notApplicable) {
    it(`422 for ${c.name}`, () => {
      assert.throws(
        () => applyJsonPatch(doc(), c.ops),
        (err: unknown) => {
          assert.ok(err instanceof StatusError);
          assert.deepEqual(err.toStatus(), {
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Failure',
            message: 'the server rejected our request due to an error in our request',
            reason: 'Invalid',
            details: {},
            code: 422,
          });
          return true;
        },
      );
    });
  }

  it('never touches Object.prototype', () => {
    assert.throws(() => applyJsonPatch({}, [{ op: 'add', path: '/__proto__', value: { polluted: true } }]));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('400 when the body is not a list of operations', () => {
    for (const [body, message] of [
      [{ op: 'add' }, 'json: cannot unmarshal object into Go value of type jsonpatch.Patch'],
      ['x', 'json: cannot unmarshal string into Go value of type jsonpatch.Patch'],
      [[1], 'json: cannot unmarshal number into Go value of type jsonpatch.Operation'],
    ] as const) {
      assert.throws(() => applyJsonPatch(doc(), body), { reason: 'BadRequest', code: 400, message });
    }
  });

  it('413 beyond 10000 operations', () => {
    const ops = Array.from({ length: 10001 }, () => ({ op: 'test', path: '/spec/replicas', value: 1 }));
    assert.throws(() => applyJsonPatch(doc(), ops), {
      code: 413,
      message: 'The allowed maximum operations in a JSON patch is 10000, got 10001',
    });
  });

  it('applies the body of kubectl rollout undo to a deployment without annotations', () => {
    const deployment: JsonObject = {
      metadata: { name: 'hello' },
      spec: {
        template: { metadata: { labels: { app: 'hello' } }, spec: { containers: [{ name: 'c', image: 'v2' }] } },
      },
    };
    const template = { metadata: { labels: { app: 'hello' } }, spec: { containers: [{ name: 'c', image: 'v1' }] } };
    const ops = [
      { op: 'replace', path: '/spec/template', value: template },
      { op: 'replace', path: '/metadata/annotations', value: { 'deployment.kubernetes.io/revision': '1' } },
    ];
    assert.deepEqual(applyJsonPatch(deployment, ops), {
      metadata: { name: 'hello', annotations: { 'deployment.kubernetes.io/revision': '1' } },
      spec: { template },
    });
  });
});
