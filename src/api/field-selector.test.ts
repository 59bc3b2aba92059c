import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  checkFieldSelector,
  escapeFieldValue,
  fieldSelectorFromSet,
  fieldValue,
  parseFieldSelector,
  unescapeFieldValue,
  validateFieldSelectorFields,
} from './field-selector.js';
import type { KubeObject } from './object.js';
import { StatusError } from './status-error.js';

function badRequest(message: string): (err: unknown) => boolean {
  return (err) => {
    assert.ok(err instanceof StatusError);
    assert.equal(err.code, 400);
    assert.equal(err.reason, 'BadRequest');
    assert.equal(err.message, message);
    return true;
  };
}

const fromSet = (set: Record<string, string>) => (field: string) => set[field];

// Upstream TestEscapeValue.
const escapes: [string, string][] = [
  ['', ''],
  ['a', 'a'],
  ['=', '\\='],
  [',', '\\,'],
  ['\\', '\\\\'],
  ['\\=\\,\\', '\\\\\\=\\\\\\,\\\\'],
];

for (const [raw, escaped] of escapes) {
  test(`escape ${JSON.stringify(raw)}`, () => {
    assert.equal(escapeFieldValue(raw), escaped);
    assert.equal(unescapeFieldValue(escaped), raw);
  });
}

const badEscapes: [string, string][] = [
  ['\\', 'invalid field selector: invalid escape sequence: \\'],
  ['\\\\\\', 'invalid field selector: invalid escape sequence: \\'],
  ['\\a', 'invalid field selector: invalid escape sequence: \\a'],
  ['a=b', 'invalid field selector: unescaped character in value: 61'],
  ['a,b', 'invalid field selector: unescaped character in value: 44'],
];

for (const [value, message] of badEscapes) {
  test(`unescape ${JSON.stringify(value)} fails`, () => {
    assert.throws(() => unescapeFieldValue(value), badRequest(message));
  });
}

// Upstream TestSelectorParse: good strings round-trip.
for (const s of ['x=a,y=b,z=c', '', 'x!=a,y=b', 'x=a||y\\=b', 'x=a\\=\\=b', 'k2=v2,k=\\,']) {
  test(`parse ${JSON.stringify(s)} round-trips`, () => {
    assert.equal(parseFieldSelector(s).toString(), s);
  });
}

const badSelectors: [string, string][] = [
  ['x=a||y=b', 'invalid field selector: unescaped character in value: 61'],
  ['x==a==b', 'invalid field selector: unescaped character in value: 61'],
  ['x=a,b', "invalid selector: 'x=a,b'; can't understand 'b'"],
  ['x in (a)', "invalid selector: 'x in (a)'; can't understand 'x in (a)'"],
  ['x in (a,b,c)', "invalid selector: 'x in (a,b,c)'; can't understand 'b'"],
  ['x', "invalid selector: 'x'; can't understand 'x'"],
  ['k=\\', 'invalid field selector: invalid escape sequence: \\'],
];

for (const [s, message] of badSelectors) {
  test(`parse ${JSON.stringify(s)} fails like kube-apiserver`, () => {
    assert.throws(() => parseFieldSelector(s), badRequest(message));
  });
}

test('parse is deterministic, == is =, empty terms are skipped', () => {
  assert.equal(parseFieldSelector('x=a,a=x').toString(), parseFieldSelector('a=x,x=a').toString());
  assert.equal(parseFieldSelector('b==v,,a!=w,').toString(), 'a!=w,b=v');
  assert.deepEqual(parseFieldSelector('k=\\,,k2=v2').requirements, [
    { field: 'k2', operator: '=', value: 'v2' },
    { field: 'k', operator: '=', value: ',' },
  ]);
  assert.deepEqual(parseFieldSelector('함=수,목=록').requirements, [
    { field: '목', operator: '=', value: '록' },
    { field: '함', operator: '=', value: '수' },
  ]);
});

// Upstream TestSelectorMatches.
const fieldset = { foo: 'bar', baz: 'blah', complex: '=value\\,\\' };
const matching: [string, Record<string, string>, boolean][] = [
  ['', { x: 'y' }, true],
  ['x=y', { x: 'y' }, true],
  ['x=y,z=w', { x: 'y', z: 'w' }, true],
  ['x!=y,z!=w', { x: 'z', z: 'a' }, true],
  ['notin=in', { notin: 'in' }, true],
  ['x=y', { x: 'z' }, false],
  ['x=y,z=w', { x: 'w', z: 'w' }, false],
  ['x!=y,z!=w', { x: 'z', z: 'w' }, false],
  ['foo=bar', fieldset, true],
  ['baz=blah', fieldset, true],
  ['foo=bar,baz=blah', fieldset, true],
  ['foo=bar,baz=blah,complex=\\=value\\\\\\,\\\\', fieldset, true],
  ['foo=blah', fieldset, false],
  ['baz=bar', fieldset, false],
  ['foo=bar,foobar=bar,baz=blah', fieldset, false],
  ['missing=', {}, true],
  ['missing!=', {}, false],
];

for (const [selector, fields, want] of matching) {
  test(`${JSON.stringify(selector)} ${want ? 'matches' : 'does not match'} ${JSON.stringify(fields)}`, () => {
    assert.equal(parseFieldSelector(selector).matches(fromSet(fields)), want);
  });
}

test('fieldSelectorFromSet and requiresExactMatch', () => {
  const labels = { foo: 'bar', baz: 'blah' };
  assert.equal(fieldSelectorFromSet({}).matches(fromSet(labels)), true);
  assert.equal(fieldSelectorFromSet({ foo: 'bar', baz: 'blah' }).matches(fromSet(labels)), true);
  assert.equal(fieldSelectorFromSet({ foo: '=blah' }).matches(fromSet(labels)), false);
  assert.equal(parseFieldSelector('spec.nodeName=n1,status.phase!=Failed').requiresExactMatch('spec.nodeName'), 'n1');
  assert.equal(parseFieldSelector('status.phase!=Failed').requiresExactMatch('status.phase'), undefined);
  assert.equal(parseFieldSelector('test=').requiresExactMatch('test'), '');
});

test('validateFieldSelectorFields rejects the first unsupported field (in sorted order)', () => {
  validateFieldSelectorFields(parseFieldSelector('metadata.name=a'), ['metadata.name']);
  assert.throws(
    () => validateFieldSelectorFields(parseFieldSelector('zz=1,foo=2,metadata.name=a'), ['metadata.name']),
    badRequest('field label not supported: foo'),
  );
});

const checks: [string, string, string, string | undefined][] = [
  ['', 'Pod', 'spec.nodeName=n,status.phase=Running', undefined],
  ['', 'Pod', 'spec.host=n', undefined],
  ['', 'Pod', 'spec.containers=x', 'field label not supported: spec.containers'],
  ['', 'Node', 'metadata.namespace=x', 'field label not supported: metadata.namespace'],
  ['', 'Node', 'spec.unschedulable=false', undefined],
  ['', 'Namespace', 'status.phase=Active', undefined],
  ['', 'Secret', 'type=Opaque', undefined],
  ['', 'Service', 'spec.type=ClusterIP', undefined],
  ['', 'Event', 'involvedObject.name=p,source=kubelet,reportingComponent=x', undefined],
  ['', 'Event', 'regarding.name=p', 'field label not supported: regarding.name'],
  ['events.k8s.io', 'Event', 'regarding.kind=Pod,reportingController=x', undefined],
  ['', 'ConfigMap', 'metadata.name=a,metadata.namespace=b', undefined],
  [
    'apps',
    'Deployment',
    'status.replicas=1',
    '"status.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"',
  ],
];

for (const [group, kind, selector, message] of checks) {
  test(`checkFieldSelector ${group}/${kind} ${selector}`, () => {
    const matcher = parseFieldSelector(selector);
    if (message === undefined) checkFieldSelector(matcher, group, kind);
    else assert.throws(() => checkFieldSelector(matcher, group, kind), badRequest(message));
  });
}

test('checkFieldSelector renames spec.host to spec.nodeName for pods', () => {
  assert.equal(checkFieldSelector(parseFieldSelector('spec.host=n1'), '', 'Pod').toString(), 'spec.nodeName=n1');
});

const pod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default' },
  spec: { nodeName: 'n1', restartPolicy: 'Always' },
  status: { phase: 'Running', podIP: '10.0.0.9', podIPs: [{ ip: '10.0.0.1' }] },
};
const node: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, spec: { unschedulable: true } };
const coreEvent: KubeObject = {
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: 'e', namespace: 'default' },
  involvedObject: { kind: 'Pod', name: 'p' },
  source: { component: 'kubelet' },
  type: 'Normal',
};
const newEvent: KubeObject = {
  apiVersion: 'events.k8s.io/v1',
  kind: 'Event',
  metadata: { name: 'e', namespace: 'default' },
  regarding: { kind: 'Pod', name: 'p' },
  deprecatedSource: { component: 'scheduler' },
  reportingController: 'default-scheduler',
};
const namespace: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns1' } };

const values: [KubeObject, string, string | undefined][] = [
  [pod, 'metadata.name', 'p'],
  [pod, 'metadata.namespace', 'default'],
  [pod, 'spec.nodeName', 'n1'],
  [pod, 'spec.hostNetwork', 'false'],
  [pod, 'status.phase', 'Running'],
  [pod, 'status.podIP', '10.0.0.1'],
  [pod, 'status.nominatedNodeName', undefined],
  [pod, 'spec.serviceAccountName', undefined],
  [node, 'spec.unschedulable', 'true'],
  [node, 'metadata.namespace', undefined],
  [coreEvent, 'involvedObject.kind', 'Pod'],
  [coreEvent, 'source', 'kubelet'],
  [coreEvent, 'type', 'Normal'],
  [newEvent, 'regarding.name', 'p'],
  [newEvent, 'source', 'scheduler'],
  [newEvent, 'reportingController', 'default-scheduler'],
  [namespace, 'name', 'ns1'],
  [{ kind: 'ReplicaSet', metadata: {} }, 'status.replicas', '0'],
];

for (const [obj, path, want] of values) {
  test(`fieldValue of ${obj.kind} ${path}`, () => {
    assert.equal(fieldValue(obj, path), want);
  });
}

test('matchesObject', () => {
  assert.equal(parseFieldSelector('spec.nodeName=n1,status.phase!=Failed').matchesObject(pod), true);
  assert.equal(parseFieldSelector('spec.nodeName=').matchesObject(pod), false);
  assert.equal(parseFieldSelector('spec.nodeName=').matchesObject({ kind: 'Pod', metadata: {} }), true);
  assert.equal(parseFieldSelector('spec.hostNetwork=false').matchesObject(pod), true);
});
