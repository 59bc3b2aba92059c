import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Endpoints } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { validateEndpointSlice, validateEndpointSliceUpdate, validateEndpoints } from './endpoints.js';
import { messages } from './test-fixtures.js';

const meta = { name: 'web', namespace: 'default' };

describe('Endpoints', () => {
  const cases: [string, Endpoints, string[]][] = [
    [
      'loopback pod IPs are fine',
      { metadata: meta, subsets: [{ addresses: [{ ip: '127.244.0.5' }], ports: [{ port: 80, protocol: 'TCP' }] }] },
      [],
    ],
    [
      'no addresses',
      { metadata: meta, subsets: [{ ports: [{ port: 80, protocol: 'TCP' }] }] },
      ['subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`'],
    ],
    [
      'bad IP',
      { metadata: meta, subsets: [{ addresses: [{ ip: '999.1.1.1' }] }] },
      [
        'subsets[0].addresses[0].ip: Invalid value: "999.1.1.1": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
        'subsets[0].addresses[0].ip: Invalid value: "999.1.1.1": must be a valid IP address',
      ],
    ],
    [
      'two unnamed ports',
      {
        metadata: meta,
        subsets: [
          {
            addresses: [{ ip: '10.0.0.1' }],
            ports: [
              { port: 80, protocol: 'TCP' },
              { port: 81, protocol: 'TCP' },
            ],
          },
        ],
      },
      ['subsets[0].ports[0].name: Required value', 'subsets[0].ports[1].name: Required value'],
    ],
  ];
  for (const [name, ep, want] of cases) it(name, () => assert.deepEqual(messages(validateEndpoints(ep)), want));
});

describe('EndpointSlice', () => {
  const base: EndpointSlice = {
    metadata: { name: 'web-abc', namespace: 'default' },
    addressType: 'IPv4',
    endpoints: [{ addresses: ['127.244.0.5'], conditions: { ready: true } }],
    ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
  };
  const cases: [string, EndpointSlice, string[]][] = [
    ['valid', base, []],
    [
      'address type',
      { ...base, addressType: 'IP' },
      ['addressType: Unsupported value: "IP": supported values: "FQDN", "IPv4", "IPv6"'],
    ],
    [
      'IPv6 in an IPv4 slice',
      { ...base, endpoints: [{ addresses: ['2001:db8::1'] }] },
      ['endpoints[0].addresses[0]: Invalid value: "2001:db8::1": must be an IPv4 address'],
    ],
    [
      'no addresses',
      { ...base, endpoints: [{ addresses: [] }] },
      ['endpoints[0].addresses: Required value: must contain at least 1 address'],
    ],
    [
      'duplicate port names',
      {
        ...base,
        ports: [
          { name: 'http', port: 80, protocol: 'TCP' },
          { name: 'http', port: 81, protocol: 'TCP' },
        ],
      },
      ['ports[1].name: Duplicate value: "http"'],
    ],
    [
      'FQDN',
      { ...base, addressType: 'FQDN', endpoints: [{ addresses: ['localhost'] }] },
      [
        'endpoints[0].addresses[0]: Invalid value: "localhost": should be a domain with at least two segments separated by dots',
      ],
    ],
  ];
  for (const [name, es, want] of cases) it(name, () => assert.deepEqual(messages(validateEndpointSlice(es)), want));

  it('address type is immutable', () => {
    assert.deepEqual(messages(validateEndpointSliceUpdate({ ...base, addressType: 'IPv6', endpoints: [] }, base)), [
      'addressType: Invalid value: "IPv6": field is immutable',
    ]);
  });
});
