import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JsonObject } from '../../api/object.js';
import { defaultService } from './service.js';

const base = {
  internalTrafficPolicy: 'Cluster',
  ipFamilies: ['IPv4'],
  ipFamilyPolicy: 'SingleStack',
  sessionAffinity: 'None',
  type: 'ClusterIP',
};

const cases: [string, JsonObject, JsonObject][] = [
  ['empty spec', {}, base],
  [
    'ports: protocol and targetPort',
    {
      ports: [
        { port: 80 },
        { port: 53, protocol: 'UDP', targetPort: 0 },
        { port: 8080, targetPort: 'http' },
        { port: 9, targetPort: '' },
      ],
    },
    {
      ...base,
      ports: [
        { port: 80, protocol: 'TCP', targetPort: 80 },
        { port: 53, protocol: 'UDP', targetPort: 53 },
        { port: 8080, protocol: 'TCP', targetPort: 'http' },
        { port: 9, protocol: 'TCP', targetPort: 9 },
      ],
    },
  ],
  ['NodePort', { type: 'NodePort' }, { ...base, type: 'NodePort', externalTrafficPolicy: 'Cluster' }],
  [
    'LoadBalancer',
    { type: 'LoadBalancer', externalTrafficPolicy: 'Local' },
    { ...base, type: 'LoadBalancer', externalTrafficPolicy: 'Local', allocateLoadBalancerNodePorts: true },
  ],
  [
    'ClusterIP with external IPs',
    { externalIPs: ['192.0.2.1'] },
    { ...base, externalIPs: ['192.0.2.1'], externalTrafficPolicy: 'Cluster' },
  ],
  [
    'ExternalName',
    { type: 'ExternalName', externalName: 'example.com' },
    { type: 'ExternalName', externalName: 'example.com', sessionAffinity: 'None' },
  ],
  [
    'ClientIP affinity',
    { sessionAffinity: 'ClientIP' },
    { ...base, sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } } },
  ],
  [
    'ClientIP affinity with timeout',
    { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } },
    { ...base, sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } },
  ],
  ['None affinity drops the config', { sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } }, base],
  [
    'headless with selector',
    { clusterIP: 'None', selector: { app: 'a' } },
    { ...base, clusterIP: 'None', selector: { app: 'a' } },
  ],
  [
    'headless without selector',
    { clusterIP: 'None' },
    { ...base, clusterIP: 'None', ipFamilyPolicy: 'RequireDualStack' },
  ],
  [
    'explicit IP family fields kept',
    { ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv4'], internalTrafficPolicy: 'Local' },
    { ...base, ipFamilyPolicy: 'PreferDualStack', internalTrafficPolicy: 'Local' },
  ],
];

for (const [name, spec, want] of cases) {
  test(`service: ${name}`, () => {
    const service: JsonObject = { spec };
    defaultService(service);
    assert.deepEqual(service.spec, want);
  });
}

test('load balancer ingress IPs get ipMode VIP', () => {
  const service: JsonObject = {
    spec: { type: 'LoadBalancer' },
    status: { loadBalancer: { ingress: [{ ip: '192.0.2.9' }, { hostname: 'lb.example.com' }] } },
  };
  defaultService(service);
  assert.deepEqual(service.status, {
    loadBalancer: { ingress: [{ ip: '192.0.2.9', ipMode: 'VIP' }, { hostname: 'lb.example.com' }] },
  });
});
