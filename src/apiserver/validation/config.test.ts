import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigMap, Secret } from 'kubernetes-types/core/v1.js';
import {
  validateConfigMap,
  validateConfigMapUpdate,
  validateSecret,
  validateSecretUpdate,
  validateServiceAccount,
} from './config.js';
import { messages } from './test-fixtures.js';

const meta = { name: 'cfg', namespace: 'default' };
const keyMsg =
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('ConfigMap', () => {
  const cases: [string, ConfigMap, string[]][] = [
    ['valid', { metadata: meta, data: { 'app.properties': 'x=1' }, binaryData: { logo: b64('png') } }, []],
    ['bad key', { metadata: meta, data: { 'a b': 'x' } }, [`data[a b]: Invalid value: "a b": ${keyMsg}`]],
    [
      'dot-dot key',
      { metadata: meta, data: { '..x': 'x' } },
      ['data[..x]: Invalid value: "..x": must not start with \'..\''],
    ],
    [
      'key in both maps',
      { metadata: meta, data: { k: 'x' }, binaryData: { k: b64('y') } },
      ['data[k]: Invalid value: "k": duplicate of key present in binaryData'],
    ],
    [
      'too big',
      { metadata: meta, data: { big: 'x'.repeat(1024 * 1024 + 1) } },
      [': Too long: may not be more than 1048576 bytes'],
    ],
  ];
  for (const [name, cm, want] of cases) it(name, () => assert.deepEqual(messages(validateConfigMap(cm)), want));

  it('immutable data stays', () => {
    const old: ConfigMap = { metadata: meta, data: { a: '1' }, immutable: true };
    assert.deepEqual(messages(validateConfigMapUpdate({ ...old, data: { a: '2' } }, old)), [
      'data: Forbidden: field is immutable when `immutable` is set',
    ]);
    assert.deepEqual(messages(validateConfigMapUpdate({ ...old, immutable: false }, old)), [
      'immutable: Forbidden: field is immutable when `immutable` is set',
    ]);
    assert.deepEqual(validateConfigMapUpdate({ ...old, metadata: { ...meta, labels: { a: 'b' } } }, old), []);
  });
});

describe('Secret', () => {
  const cases: [string, Secret, string[]][] = [
    ['opaque', { metadata: meta, type: 'Opaque', data: { password: b64('x') } }, []],
    ['stringData keys', { metadata: meta, stringData: { 'a/b': 'x' } }, [`data[a/b]: Invalid value: "a/b": ${keyMsg}`]],
    [
      'tls without keys',
      { metadata: meta, type: 'kubernetes.io/tls', data: {} },
      ['data[tls.crt]: Required value', 'data[tls.key]: Required value'],
    ],
    [
      'tls via stringData',
      { metadata: meta, type: 'kubernetes.io/tls', stringData: { 'tls.crt': 'c', 'tls.key': 'k' } },
      [],
    ],
    [
      'docker config not JSON',
      { metadata: meta, type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64('nope') } },
      [
        'data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": invalid character \'n\' looking for beginning of value',
      ],
    ],
    [
      'docker config missing',
      { metadata: meta, type: 'kubernetes.io/dockerconfigjson' },
      ['data[.dockerconfigjson]: Required value'],
    ],
    [
      'basic auth',
      { metadata: meta, type: 'kubernetes.io/basic-auth', data: {} },
      ['data[username]: Required value', 'data[password]: Required value'],
    ],
    [
      'ssh auth',
      { metadata: meta, type: 'kubernetes.io/ssh-auth', data: {} },
      ['data[ssh-privatekey]: Required value'],
    ],
    [
      'service account token',
      { metadata: meta, type: 'kubernetes.io/service-account-token' },
      ['metadata.annotations[kubernetes.io/service-account.name]: Required value'],
    ],
  ];
  for (const [name, s, want] of cases) it(name, () => assert.deepEqual(messages(validateSecret(s)), want));

  it('type and immutable data stay', () => {
    const old: Secret = { metadata: meta, type: 'Opaque', data: { a: b64('1') }, immutable: true };
    const changed: Secret = { ...old, type: 'kubernetes.io/tls', data: { a: b64('2'), 'tls.crt': '', 'tls.key': '' } };
    assert.deepEqual(messages(validateSecretUpdate(changed, old)), [
      'type: Invalid value: "kubernetes.io/tls": field is immutable',
      'data: Forbidden: field is immutable when `immutable` is set',
    ]);
  });
});

describe('ServiceAccount', () => {
  it('names are subdomains', () => {
    assert.deepEqual(validateServiceAccount({ metadata: { name: 'builder.ci', namespace: 'default' } }), []);
    assert.equal(validateServiceAccount({ metadata: { name: 'Builder', namespace: 'default' } }).length, 1);
  });
});
