import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EndpointAddress, EndpointSubset } from 'kubernetes-types/core/v1.js';
import { repackSubsets } from './repack-subsets.js';

const a = (ip: string, uid = ''): EndpointAddress => (uid ? { ip, targetRef: { kind: 'Pod', uid } } : { ip });
const http = { name: 'http', port: 80, protocol: 'TCP' };
const https = { name: 'https', port: 443, protocol: 'TCP' };

// Cases after upstream TestPackSubsets.
const cases: { name: string; given: EndpointSubset[]; want: EndpointSubset[] }[] = [
  { name: 'empty', given: [], want: [] },
  {
    name: 'addresses without ports are kept',
    given: [{ addresses: [a('1.1.1.1')] }],
    want: [{ addresses: [a('1.1.1.1')] }],
  },
  {
    name: 'one address per subset, same port: merged and sorted',
    given: [
      { addresses: [a('1.1.1.2')], ports: [http] },
      { addresses: [a('1.1.1.1')], ports: [http] },
    ],
    want: [{ addresses: [a('1.1.1.1'), a('1.1.1.2')], ports: [http] }],
  },
  {
    name: 'same address and port twice: deduplicated',
    given: [
      { addresses: [a('1.1.1.1', 'u1')], ports: [http] },
      { addresses: [a('1.1.1.1', 'u1')], ports: [http] },
    ],
    want: [{ addresses: [a('1.1.1.1', 'u1')], ports: [http] }],
  },
  {
    name: 'same IP, different pods: both kept, ordered by uid',
    given: [
      { addresses: [a('1.1.1.1', 'u2')], ports: [http] },
      { addresses: [a('1.1.1.1', 'u1')], ports: [http] },
    ],
    want: [{ addresses: [a('1.1.1.1', 'u1'), a('1.1.1.1', 'u2')], ports: [http] }],
  },
  {
    name: 'one address, two ports: one subset',
    given: [
      { addresses: [a('1.1.1.1')], ports: [https] },
      { addresses: [a('1.1.1.1')], ports: [http] },
    ],
    want: [{ addresses: [a('1.1.1.1')], ports: [http, https] }],
  },
  {
    name: 'not ready wins over ready for the same port',
    given: [
      { addresses: [a('1.1.1.1')], ports: [http] },
      { notReadyAddresses: [a('1.1.1.1')], ports: [http] },
    ],
    want: [{ notReadyAddresses: [a('1.1.1.1')], ports: [http] }],
  },
  {
    name: 'different address sets per port: one subset each',
    given: [
      { addresses: [a('1.1.1.1')], ports: [http] },
      { addresses: [a('1.1.1.2')], ports: [http] },
      { addresses: [a('1.1.1.1')], ports: [https] },
    ],
    want: [
      { addresses: [a('1.1.1.1')], ports: [https] },
      { addresses: [a('1.1.1.1'), a('1.1.1.2')], ports: [http] },
    ],
  },
  {
    name: 'ready and not-ready addresses share a subset',
    given: [
      { addresses: [a('1.1.1.1')], ports: [http] },
      { notReadyAddresses: [a('1.1.1.2')], ports: [http] },
    ],
    want: [{ addresses: [a('1.1.1.1')], notReadyAddresses: [a('1.1.1.2')], ports: [http] }],
  },
];

for (const c of cases) {
  test(`repackSubsets: ${c.name}`, () => {
    const got = repackSubsets(c.given);
    assert.deepEqual(got.map((s) => JSON.stringify(s)).sort(), c.want.map((s) => JSON.stringify(s)).sort());
    // Canonical: the order of the input does not matter.
    assert.deepEqual(repackSubsets([...c.given].reverse()), got);
  });
}
