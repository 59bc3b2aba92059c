import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CliError } from '../context.js';
import { listenAddresses, parsePortMapping, parseTarget } from './port-spec.js';

const targets: [string, ReturnType<typeof parseTarget>][] = [
  ['hello-7d4b9', { kind: 'pod', name: 'hello-7d4b9' }],
  ['pod/web', { kind: 'pod', name: 'web' }],
  ['po/web', { kind: 'pod', name: 'web' }],
  ['svc/hello-service', { kind: 'service', name: 'hello-service' }],
  ['service/hello-service', { kind: 'service', name: 'hello-service' }],
  ['deploy/hello', { kind: 'deployment', name: 'hello' }],
  ['deployments.apps/hello', { kind: 'deployment', name: 'hello' }],
  ['rs/hello-7d4b9', { kind: 'replicaset', name: 'hello-7d4b9' }],
];
for (const [arg, want] of targets) {
  test(`target ${arg}`, () => assert.deepEqual(parseTarget(arg), want));
}

for (const bad of ['job/x', 'svc/', 'cm/x']) {
  test(`target ${bad} is refused`, () => assert.throws(() => parseTarget(bad), CliError));
}

const ports: [string, ReturnType<typeof parsePortMapping>][] = [
  ['8080:80', { local: 8080, remote: '80' }],
  ['80', { local: 80, remote: '80' }],
  [':80', { local: 0, remote: '80' }],
  ['0:80', { local: 0, remote: '80' }],
  ['8080:http', { local: 8080, remote: 'http' }],
  [':http-alt', { local: 0, remote: 'http-alt' }],
];
for (const [spec, want] of ports) {
  test(`ports ${spec}`, () => assert.deepEqual(parsePortMapping(spec), want));
}

for (const bad of ['http', '8080:0', '70000:80', '80:70000', '1:2:3', 'x:80', '8080:-80', '8080:Http']) {
  test(`ports ${bad} are refused`, () => assert.throws(() => parsePortMapping(bad), CliError));
}

test('addresses: localhost means both loopbacks (either may fail); a list must bind fully', () => {
  assert.deepEqual(listenAddresses('localhost'), { addresses: ['127.0.0.1', '::1'], allMustBind: false });
  assert.deepEqual(listenAddresses('127.0.0.1'), { addresses: ['127.0.0.1'], allMustBind: true });
  assert.deepEqual(listenAddresses('localhost,0.0.0.0'), { addresses: ['127.0.0.1', '0.0.0.0'], allMustBind: true });
});
