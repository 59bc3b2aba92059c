import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EndpointPort, Endpoint as SliceEndpoint } from 'kubernetes-types/discovery/v1.js';
import { resolveEndpoints } from './backend-endpoints.js';
import type { EndpointSlice, Service } from './kinds.js';

const service: Service = {
  metadata: { name: 'web', namespace: 'dev' },
  spec: {
    ports: [
      { name: 'http', port: 80, targetPort: 8080 },
      { name: 'admin', port: 9000, targetPort: 'admin' },
    ],
  },
};

function slice(ports: EndpointPort[], endpoints: SliceEndpoint[], addressType = 'IPv4'): EndpointSlice {
  return { metadata: { name: 'web-x', namespace: 'dev' }, addressType, ports, endpoints };
}

const ep = (ip: string, conditions: SliceEndpoint['conditions'] = { ready: true }): SliceEndpoint => ({
  addresses: [ip],
  conditions,
});

const keys = (eps: { key: string }[]) => eps.map((e) => e.key);

describe('resolveEndpoints', () => {
  const ports = [
    { name: 'http', port: 8080, protocol: 'TCP' },
    { name: 'admin', port: 9090, protocol: 'TCP' },
  ];

  const table: [string, number | string, EndpointSlice[], string[]][] = [
    [
      'by port number',
      80,
      [slice(ports, [ep('127.244.0.3'), ep('127.244.0.2')])],
      ['127.244.0.2:8080', '127.244.0.3:8080'],
    ],
    ['by port name', 'admin', [slice(ports, [ep('127.244.0.2')])], ['127.244.0.2:9090']],
    ['unknown port number', 81, [slice(ports, [ep('127.244.0.2')])], []],
    ['unknown port name', 'grpc', [slice(ports, [ep('127.244.0.2')])], []],
    ['ready unset counts as ready', 80, [slice(ports, [{ addresses: ['127.244.0.2'] }])], ['127.244.0.2:8080']],
    [
      'not-ready and terminating endpoints are skipped while others are ready',
      80,
      [
        slice(ports, [
          ep('127.244.0.2'),
          ep('127.244.0.3', { ready: false }),
          ep('127.244.0.4', { ready: false, serving: true, terminating: true }),
        ]),
      ],
      ['127.244.0.2:8080'],
    ],
    [
      'serving terminating endpoints when nothing is ready',
      80,
      [
        slice(ports, [
          ep('127.244.0.3', { ready: false }),
          ep('127.244.0.4', { ready: false, serving: true, terminating: true }),
        ]),
      ],
      ['127.244.0.4:8080'],
    ],
    [
      'several slices, duplicates collapse',
      80,
      [slice(ports, [ep('127.244.0.2')]), slice(ports, [ep('127.244.0.2'), ep('127.244.0.5')])],
      ['127.244.0.2:8080', '127.244.0.5:8080'],
    ],
    ['FQDN slices are ignored', 80, [slice(ports, [ep('example.com')], 'FQDN')], []],
    [
      'UDP slice ports are ignored',
      80,
      [slice([{ name: 'http', port: 53, protocol: 'UDP' }], [ep('127.244.0.2')])],
      [],
    ],
    ['IPv6', 80, [slice(ports, [ep('fd00::2')], 'IPv6')], ['[fd00::2]:8080']],
  ];
  for (const [name, port, slices, want] of table) {
    it(name, () => {
      assert.deepEqual(keys(resolveEndpoints({ namespace: 'dev', name: 'web', port }, service, slices)), want);
    });
  }

  it('matches an unnamed Service port to the unnamed slice port', () => {
    const plain: Service = { metadata: { name: 'p', namespace: 'dev' }, spec: { ports: [{ port: 80 }] } };
    const s = slice([{ port: 8080 }], [ep('127.244.0.9')]);
    assert.deepEqual(keys(resolveEndpoints({ namespace: 'dev', name: 'p', port: 80 }, plain, [s])), [
      '127.244.0.9:8080',
    ]);
  });

  it('has nothing without a Service, or for ExternalName', () => {
    const s = slice(ports, [ep('127.244.0.2')]);
    assert.deepEqual(resolveEndpoints({ namespace: 'dev', name: 'web', port: 80 }, undefined, [s]), []);
    const ext: Service = { ...service, spec: { ...service.spec, type: 'ExternalName', externalName: 'x.example' } };
    assert.deepEqual(resolveEndpoints({ namespace: 'dev', name: 'web', port: 80 }, ext, [s]), []);
  });
});
