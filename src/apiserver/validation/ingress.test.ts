import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Ingress, IngressClass } from 'kubernetes-types/networking/v1.js';
import { validateIngress, validateIngressClass, validateIngressClassUpdate } from './ingress.js';
import { edit, messages, type Writable } from './test-fixtures.js';

const ingress: Ingress = {
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    ingressClassName: 'kubeling',
    rules: [
      {
        host: 'web.example.com',
        http: {
          paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }],
        },
      },
    ],
  },
};

type IngressChange = (i: Writable<Ingress>) => void;
const path0 = (i: Ingress) => i.spec!.rules![0]!.http!.paths[0]!;

describe('Ingress', () => {
  const cases: [string, IngressChange, string[]][] = [
    ['valid', () => {}, []],
    [
      'neither rules nor backend',
      (i) => delete i.spec!.rules,
      ['spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified'],
    ],
    [
      'relative path',
      (i) => (path0(i).path = 'api'),
      ['spec.rules[0].http.paths[0].path: Invalid value: "api": must be an absolute path'],
    ],
    [
      'double slash',
      (i) => (path0(i).path = '/a//b'),
      ['spec.rules[0].http.paths[0].path: Invalid value: "/a//b": must not contain \'//\''],
    ],
    [
      'missing pathType',
      (i) => delete (path0(i) as { pathType?: string }).pathType,
      ['spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified'],
    ],
    [
      'unknown pathType',
      (i) => (path0(i).pathType = 'Regex'),
      [
        'spec.rules[0].http.paths[0].pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"',
      ],
    ],
    [
      'backend without port',
      (i) => (path0(i).backend = { service: { name: 'web' } }),
      ['spec.rules[0].http.paths[0].backend: Required value: port name or number is required'],
    ],
    [
      'backend with both ports',
      (i) => (path0(i).backend = { service: { name: 'web', port: { name: 'http', number: 80 } } }),
      ['spec.rules[0].http.paths[0].backend: Invalid value: "": cannot set both port name & port number'],
    ],
    [
      'backend service name',
      (i) => (path0(i).backend.service!.name = ''),
      ['spec.rules[0].http.paths[0].backend.service.name: Required value'],
    ],
    ['no paths', (i) => (i.spec!.rules![0]!.http!.paths = []), ['spec.rules[0].http.paths: Required value']],
    [
      'IP host',
      (i) => (i.spec!.rules![0]!.host = '10.0.0.1'),
      ['spec.rules[0].host: Invalid value: "10.0.0.1": must be a DNS name, not an IP address'],
    ],
    [
      'wildcard host',
      (i) => (i.spec!.rules![0]!.host = '*'),
      [
        "spec.rules[0].host: Invalid value: \"*\": a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      ],
    ],
    ['wildcard ok', (i) => (i.spec!.rules![0]!.host = '*.example.com'), []],
    [
      'default backend only',
      (i) => {
        delete i.spec!.rules;
        i.spec!.defaultBackend = { service: { name: 'web', port: { name: 'http' } } };
      },
      [],
    ],
    [
      'class annotation disagrees',
      (i) => (i.metadata!.annotations = { 'kubernetes.io/ingress.class': 'nginx' }),
      [
        'annotations.kubernetes.io/ingress.class: Invalid value: "nginx": must match `ingressClassName` when both are specified',
      ],
    ],
  ];
  for (const [name, change, want] of cases)
    it(name, () => assert.deepEqual(messages(validateIngress(edit(ingress, change))), want));
});

describe('IngressClass', () => {
  const ic: IngressClass = { metadata: { name: 'kubeling' }, spec: { controller: 'kubeling.dev/ingress' } };
  it('valid', () => assert.deepEqual(validateIngressClass(ic), []));
  it('controller required', () =>
    assert.deepEqual(messages(validateIngressClass({ ...ic, spec: {} })), ['spec.controller: Required value']));
  it('controller is a domain-prefixed path', () => {
    assert.deepEqual(messages(validateIngressClass({ ...ic, spec: { controller: 'nginx' } })), [
      'spec.controller: Invalid value: "nginx": must be a domain-prefixed path (such as "acme.io/foo")',
    ]);
  });
  it('controller is immutable', () => {
    assert.deepEqual(messages(validateIngressClassUpdate({ ...ic, spec: { controller: 'other.dev/x' } }, ic)), [
      'spec.controller: Invalid value: "other.dev/x": field is immutable',
    ]);
  });
});
