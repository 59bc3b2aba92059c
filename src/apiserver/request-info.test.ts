import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseApiPath } from './request-info.js';

test('parses resource paths as kube-apiserver does', () => {
  const q = new URLSearchParams();
  const cases: [string, string, Record<string, string>][] = [
    ['GET', '/api/v1/namespaces/dev/pods', { namespace: 'dev', resource: 'pods', name: '', verb: 'list' }],
    [
      'GET',
      '/api/v1/namespaces/dev/pods/p1/log',
      { namespace: 'dev', resource: 'pods', name: 'p1', subresource: 'log' },
    ],
    ['GET', '/api/v1/namespaces/dev', { namespace: '', resource: 'namespaces', name: 'dev', verb: 'get' }],
    [
      'PUT',
      '/api/v1/namespaces/dev/status',
      { namespace: '', resource: 'namespaces', name: 'dev', subresource: 'status' },
    ],
    ['PUT', '/api/v1/namespaces/dev/finalize', { resource: 'namespaces', name: 'dev', subresource: 'finalize' }],
    ['GET', '/api/v1/namespaces/dev/status', { resource: 'namespaces', name: 'dev', subresource: 'status' }],
    [
      'DELETE',
      '/apis/apps/v1/namespaces/dev/deployments',
      { group: 'apps', resource: 'deployments', verb: 'deletecollection' },
    ],
    ['GET', '/api/v1/nodes/n1', { namespace: '', resource: 'nodes', name: 'n1' }],
  ];
  for (const [method, path, want] of cases) {
    const parsed = parseApiPath(method, path, q);
    assert.ok(parsed && 'resource' in parsed, path);
    for (const [k, v] of Object.entries(want)) {
      assert.equal((parsed.resource as unknown as Record<string, string>)[k], v, `${path} ${k}`);
    }
  }
});
