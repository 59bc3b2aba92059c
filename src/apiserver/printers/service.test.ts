import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import { servicePrinter } from './service.js';

const NOW = new Date('2024-06-01T12:00:00Z');

function service(spec: Record<string, unknown>, status: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'svc', creationTimestamp: '2024-05-31T12:00:00Z' },
    spec,
    status,
  };
}

const http = { port: 80, protocol: 'TCP', targetPort: 8080 };

describe('service printer', () => {
  const cases: [string, KubeObject, unknown[]][] = [
    [
      'ClusterIP',
      service({
        type: 'ClusterIP',
        clusterIP: '10.96.0.10',
        clusterIPs: ['10.96.0.10'],
        ports: [http],
        selector: { app: 'hello' },
      }),
      ['svc', 'ClusterIP', '10.96.0.10', '<none>', '80/TCP', '24h', 'app=hello'],
    ],
    [
      'ClusterIP with external IPs, clusterIP only, no selector',
      service({ type: 'ClusterIP', clusterIP: '10.96.0.11', externalIPs: ['1.2.3.4', '5.6.7.8'], ports: [http] }),
      ['svc', 'ClusterIP', '10.96.0.11', '1.2.3.4,5.6.7.8', '80/TCP', '24h', '<none>'],
    ],
    [
      'headless without ports',
      service({ type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'], selector: { app: 'db' } }),
      ['svc', 'ClusterIP', 'None', '<none>', '<none>', '24h', 'app=db'],
    ],
    [
      'NodePort with two ports',
      service({
        type: 'NodePort',
        clusterIPs: ['10.96.0.12'],
        ports: [
          { port: 80, nodePort: 30080, protocol: 'TCP' },
          { port: 53, nodePort: 30053, protocol: 'UDP' },
        ],
      }),
      ['svc', 'NodePort', '10.96.0.12', '<none>', '80:30080/TCP,53:30053/UDP', '24h', '<none>'],
    ],
    [
      'LoadBalancer without ingress is pending',
      service({
        type: 'LoadBalancer',
        clusterIPs: ['10.96.0.13'],
        ports: [{ port: 443, nodePort: 30001, protocol: 'TCP' }],
      }),
      ['svc', 'LoadBalancer', '10.96.0.13', '<pending>', '443:30001/TCP', '24h', '<none>'],
    ],
    [
      'LoadBalancer with ingress: sorted, unique, hostnames when no IP, not clipped',
      service(
        { type: 'LoadBalancer', clusterIPs: ['10.96.0.14'], ports: [http] },
        {
          loadBalancer: {
            ingress: [
              { ip: '203.0.113.20' },
              { hostname: 'lb.example.com' },
              { ip: '203.0.113.10' },
              { ip: '203.0.113.20' },
            ],
          },
        },
      ),
      ['svc', 'LoadBalancer', '10.96.0.14', '203.0.113.10,203.0.113.20,lb.example.com', '80/TCP', '24h', '<none>'],
    ],
    [
      'LoadBalancer with ingress and external IPs',
      service(
        { type: 'LoadBalancer', clusterIPs: ['10.96.0.15'], externalIPs: ['1.2.3.4'], ports: [http] },
        { loadBalancer: { ingress: [{ ip: '203.0.113.10' }] } },
      ),
      ['svc', 'LoadBalancer', '10.96.0.15', '203.0.113.10,1.2.3.4', '80/TCP', '24h', '<none>'],
    ],
    [
      'LoadBalancer pending with external IPs shows the external IPs',
      service({ type: 'LoadBalancer', clusterIPs: ['10.96.0.16'], externalIPs: ['1.2.3.4'], ports: [http] }),
      ['svc', 'LoadBalancer', '10.96.0.16', '1.2.3.4', '80/TCP', '24h', '<none>'],
    ],
    [
      'ExternalName',
      service({ type: 'ExternalName', externalName: 'example.com' }),
      ['svc', 'ExternalName', '<none>', 'example.com', '<none>', '24h', '<none>'],
    ],
    ['no type', service({ ports: [{ port: 80 }] }), ['svc', '', '<none>', '<unknown>', '80/', '24h', '<none>']],
  ];
  for (const [name, obj, expected] of cases) {
    it(name, () => assert.deepEqual(servicePrinter.cells(obj, NOW), expected));
  }

  it('has Selector as its only wide column', () => {
    assert.deepEqual(
      servicePrinter.columns.filter((c) => c.priority === 1).map((c) => c.name),
      ['Selector'],
    );
  });
});
