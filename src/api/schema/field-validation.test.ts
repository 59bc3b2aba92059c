import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StatusError } from '../status-error.js';
import { type FieldValidationDirective, schemaForKind, validateFields } from './index.js';

const schema = schemaForKind('apps/v1', 'Deployment');
assert.ok(schema);

function run(directive: FieldValidationDirective, body: string, json = true) {
  const object = JSON.parse(body) as Record<string, unknown>;
  const input = { apiVersion: 'apps/v1', kind: 'Deployment', schema: schema!, object, directive };
  const result = validateFields(json ? { ...input, jsonText: body } : input);
  return { ...result, object };
}

function rejects(fn: () => unknown, message: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof StatusError);
    assert.equal(err.code, 400);
    assert.equal(err.reason, 'BadRequest');
    assert.equal(err.message, message);
    return true;
  });
}

const body = '{"metadata":{"name":"a","name":"b"},"spec":{"replicas":1,"foo":1,"bar":{"x":1}}}';

describe('validateFields', () => {
  it('Strict: 400 listing every unknown and duplicate field', () => {
    rejects(
      () => run('Strict', body),
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: duplicate field "metadata.name", unknown field "spec.foo", unknown field "spec.bar"',
    );
  });

  it('Warn: one warning per field, unknown fields dropped', () => {
    const r = run('Warn', body);
    assert.deepEqual(r.warnings, [
      'duplicate field "metadata.name"',
      'unknown field "spec.foo"',
      'unknown field "spec.bar"',
    ]);
    assert.deepEqual(r.object, { metadata: { name: 'b' }, spec: { replicas: 1 } });
  });

  it('Ignore: dropped silently', () => {
    const r = run('Ignore', body);
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(r.object, { metadata: { name: 'b' }, spec: { replicas: 1 } });
  });

  it('without the JSON text (YAML, protobuf) reports unknown fields only', () => {
    assert.deepEqual(run('Warn', body, false).warnings, ['unknown field "spec.foo"', 'unknown field "spec.bar"']);
  });

  it('type errors fail under every directive, before strict errors', () => {
    for (const directive of ['Strict', 'Warn', 'Ignore'] as const) {
      rejects(
        () => run(directive, '{"spec":{"replicas":"3","foo":1}}'),
        'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
      );
    }
  });

  it('a clean body passes with no warnings', () => {
    assert.deepEqual(run('Strict', '{"apiVersion":"apps/v1","kind":"Deployment","spec":{"replicas":1}}').warnings, []);
  });
});
