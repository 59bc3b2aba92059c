import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import { endpointSlicePrinter, endpointsPrinter } from './endpoints.js';

const NOW = new Date('2024-06-01T12:00:00Z');
const metadata = { name: 'hello', creationTimestamp: '2024-06-01T11:59:30Z' };

const ips = (...list: string[]) => list.map((ip) => ({ ip }));

describe('endpoints printer', () => {
  const endpoints = (subsets?: unknown[]): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata,
    ...(subsets ? { subsets } : {}),
  });
  const cases: [string, KubeObject, string][] = [
    ['no subsets', endpoints(), '<none>'],
    ['empty subsets', endpoints([]), '<none>'],
    ['one address', endpoints([{ addresses: ips('10.0.0.1'), ports: [{ port: 8080 }] }]), '10.0.0.1:8080'],
    [
      'three addresses fit',
      endpoints([{ addresses: ips('10.0.0.1', '10.0.0.2', '10.0.0.3'), ports: [{ port: 8080 }] }]),
      '10.0.0.1:8080,10.0.0.2:8080,10.0.0.3:8080',
    ],
    [
      'more than three',
      endpoints([{ addresses: ips('10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'), ports: [{ port: 8080 }] }]),
      '10.0.0.1:8080,10.0.0.2:8080,10.0.0.3:8080 + 1 more...',
    ],
    [
      'every port of every address counts',
      endpoints([
        { addresses: ips('10.0.0.1', '10.0.0.2'), ports: [{ port: 80 }, { port: 443 }] },
        { addresses: ips('10.0.1.1'), ports: [{ port: 9090 }] },
      ]),
      '10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 2 more...',
    ],
    ['headless without ports lists IPs', endpoints([{ addresses: ips('10.0.0.1', '10.0.0.2') }]), '10.0.0.1,10.0.0.2'],
    ['IPv6 is bracketed', endpoints([{ addresses: ips('fd00::1'), ports: [{ port: 80 }] }]), '[fd00::1]:80'],
    ['only not-ready addresses', endpoints([{ notReadyAddresses: ips('10.0.0.1'), ports: [{ port: 80 }] }]), ''],
  ];
  for (const [name, obj, expected] of cases) {
    it(name, () => assert.deepEqual(endpointsPrinter.cells(obj, NOW), ['hello', expected, '30s']));
  }
});

describe('endpointslice printer', () => {
  const slice = (ports: unknown[] | undefined, endpoints: unknown[] | undefined): KubeObject => ({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata,
    addressType: 'IPv4',
    ...(ports ? { ports } : {}),
    ...(endpoints ? { endpoints } : {}),
  });
  const cases: [string, KubeObject, string, string][] = [
    ['nothing set', slice(undefined, undefined), '<unset>', '<unset>'],
    [
      'port numbers, names and wildcards',
      slice([{ port: 8080, name: 'http' }, { name: 'metrics' }, {}], [{ addresses: ['10.0.0.1'] }]),
      '8080,metrics,*',
      '10.0.0.1',
    ],
    [
      'more than three of each',
      slice(
        [{ port: 1 }, { port: 2 }, { port: 3 }, { port: 4 }, { port: 5 }],
        [{ addresses: ['10.0.0.1', '10.0.0.2'] }, { addresses: ['10.0.0.3'] }, { addresses: ['10.0.0.4'] }],
      ),
      '1,2,3 + 2 more...',
      '10.0.0.1,10.0.0.2,10.0.0.3 + 1 more...',
    ],
  ];
  for (const [name, obj, ports, endpoints] of cases) {
    it(name, () => assert.deepEqual(endpointSlicePrinter.cells(obj, NOW), ['hello', 'IPv4', ports, endpoints, '30s']));
  }
});
