import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deserializeElement, keyElement, type Path, pathToString, serializeElement } from './field-path.js';
import { FieldSet } from './field-set.js';

const f = (field: string) => ({ field });
const spec = f('spec');
const containers: Path = [spec, f('template'), f('spec'), f('containers')];
const nginx = keyElement({ name: 'nginx' });

describe('path elements', () => {
  it('serialize as FieldsV1 keys and back', () => {
    const elements = [f('replicas'), keyElement({ protocol: 'TCP', containerPort: 80 }), { value: 'a' }, { index: 2 }];
    const keys = elements.map(serializeElement);
    assert.deepEqual(keys, ['f:replicas', 'k:{"containerPort":80,"protocol":"TCP"}', 'v:"a"', 'i:2']);
    assert.deepEqual(keys.map(deserializeElement), elements);
    assert.equal(deserializeElement('x:unknown'), undefined);
    assert.throws(() => deserializeElement('fnocolon'), /missing colon/);
  });

  it('print as in conflict messages', () => {
    assert.equal(
      pathToString([...containers, nginx, f('image')]),
      '.spec.template.spec.containers[name="nginx"].image',
    );
    assert.equal(pathToString([f('metadata'), f('finalizers'), { value: 'a' }]), '.metadata.finalizers[="a"]');
    assert.equal(
      pathToString([f('ports'), keyElement({ port: 80, protocol: 'TCP' })]),
      '.ports[port=80,protocol="TCP"]',
    );
  });
});

describe('FieldSet', () => {
  const set = FieldSet.of(
    [spec, f('replicas')],
    [...containers, nginx],
    [...containers, nginx, f('image')],
    [f('metadata'), f('finalizers'), { value: 'b' }],
    [f('metadata'), f('finalizers'), { value: 'a' }],
    [f('metadata'), f('labels'), f('app')],
  );

  it('renders fieldsV1 with "." for nodes that are members and have children, in element order', () => {
    const fields = set.toFieldsV1();
    assert.deepEqual(fields, {
      'f:metadata': { 'f:finalizers': { 'v:"a"': {}, 'v:"b"': {} }, 'f:labels': { 'f:app': {} } },
      'f:spec': {
        'f:replicas': {},
        'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {} } } } },
      },
    });
    assert.equal(
      JSON.stringify(fields),
      '{"f:metadata":{"f:finalizers":{"v:\\"a\\"":{},"v:\\"b\\"":{}},"f:labels":{"f:app":{}}},"f:spec":{"f:replicas":{},"f:template":{"f:spec":{"f:containers":{"k:{\\"name\\":\\"nginx\\"}":{".":{},"f:image":{}}}}}}}',
    );
  });

  it('parses fieldsV1 back to the same set', () => {
    assert.ok(FieldSet.fromFieldsV1(set.toFieldsV1()).equals(set));
    assert.ok(FieldSet.fromFieldsV1({}).empty());
  });

  it('has, union, intersection, difference', () => {
    assert.ok(set.has([spec, f('replicas')]));
    assert.ok(!set.has([spec]));
    const other = FieldSet.of([spec, f('replicas')], [spec, f('paused')]);
    assert.deepEqual(set.intersection(other).paths(), [[spec, f('replicas')]]);
    assert.ok(set.union(other).has([spec, f('paused')]));
    assert.ok(!set.difference(other).has([spec, f('replicas')]));
    assert.ok(set.difference(other).has([...containers, nginx, f('image')]));
  });

  it('recursiveDifference removes whole subtrees under members of the other set', () => {
    const diff = set.recursiveDifference(FieldSet.of([spec]));
    assert.deepEqual(diff.toFieldsV1(), {
      'f:metadata': { 'f:finalizers': { 'v:"a"': {}, 'v:"b"': {} }, 'f:labels': { 'f:app': {} } },
    });
    assert.ok(set.difference(FieldSet.of([spec])).has([spec, f('replicas')]), 'plain difference keeps them');
  });

  it('lists paths members first, then children', () => {
    assert.deepEqual(set.paths().map(pathToString), [
      '.metadata.finalizers[="a"]',
      '.metadata.finalizers[="b"]',
      '.metadata.labels.app',
      '.spec.replicas',
      '.spec.template.spec.containers[name="nginx"]',
      '.spec.template.spec.containers[name="nginx"].image',
    ]);
  });
});
