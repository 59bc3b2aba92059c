import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findDuplicateFields, schemaForKind, strictErrorText, strictJsonErrors } from './index.js';

const deployment = schemaForKind('apps/v1', 'Deployment');

describe('strictJsonErrors', () => {
  it('reports unknown and duplicate fields in document order', () => {
    const text = JSON.stringify({ metadata: { name: 'a' } }).replace(
      '"name":"a"',
      '"name":"a","name":"b","x":1,"x":2,"labels":{"k":"1","k":"2"}',
    );
    const body = `${text.slice(0, -1)},"spec":{"replicas":1,"foo":{"a":1},"replicas":2,"template":{"spec":{"containers":[{"name":"c"},{"name":"d","name":"e"}]}}}}`;
    assert.deepEqual(strictJsonErrors(body, deployment).map(strictErrorText), [
      'duplicate field "metadata.name"',
      'unknown field "metadata.x"',
      'duplicate field "metadata.labels.k"',
      'unknown field "spec.foo"',
      'duplicate field "spec.replicas"',
      'duplicate field "spec.template.spec.containers[1].name"',
    ]);
  });

  it('handles escapes, nesting, numbers and literals without confusion', () => {
    const body =
      '{"metadata":{"annotations":{"a\\"}":"{\\"x\\":[1,2]}"},"name":"n"},"spec":{"paused":true,"replicas":-1.5e3}}';
    assert.deepEqual(strictJsonErrors(body, deployment), []);
  });

  it('counts apiVersion and kind at the top, not deeper', () => {
    const body = '{"apiVersion":"apps/v1","apiVersion":"apps/v1","spec":{"kind":"x"}}';
    assert.deepEqual(strictJsonErrors(body, deployment).map(strictErrorText), [
      'duplicate field "apiVersion"',
      'unknown field "spec.kind"',
    ]);
  });

  it('without a schema reports every duplicate', () => {
    assert.deepEqual(findDuplicateFields('{"a":{"b":1,"b":2},"c":[{"d":1,"d":1}],"a":0}'), ['a.b', 'c[0].d', 'a']);
  });
});
