import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import {
  configMapPrinter,
  defaultPrinter,
  leasePrinter,
  namespacePrinter,
  secretPrinter,
  serviceAccountPrinter,
} from './simple.js';

const NOW = new Date('2024-06-01T12:00:00Z');
const metadata = { name: 'x', creationTimestamp: '2024-06-01T11:00:00Z' };
const obj = (fields: Record<string, unknown>): KubeObject => ({ metadata, ...fields });

describe('simple printers', () => {
  const cases: [string, () => unknown[], unknown[]][] = [
    ['namespace', () => namespacePrinter.cells(obj({ status: { phase: 'Active' } }), NOW), ['x', 'Active', '60m']],
    [
      'terminating namespace',
      () => namespacePrinter.cells(obj({ status: { phase: 'Terminating' } }), NOW),
      ['x', 'Terminating', '60m'],
    ],
    ['namespace without status', () => namespacePrinter.cells(obj({}), NOW), ['x', '', '60m']],
    [
      'configmap counts data and binaryData',
      () => configMapPrinter.cells(obj({ data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }), NOW),
      ['x', 3, '60m'],
    ],
    ['empty configmap', () => configMapPrinter.cells(obj({}), NOW), ['x', 0, '60m']],
    [
      'secret',
      () =>
        secretPrinter.cells(obj({ type: 'kubernetes.io/tls', data: { 'tls.crt': 'AA==', 'tls.key': 'AA==' } }), NOW),
      ['x', 'kubernetes.io/tls', 2, '60m'],
    ],
    ['secret without data', () => secretPrinter.cells(obj({ type: 'Opaque' }), NOW), ['x', 'Opaque', 0, '60m']],
    [
      'service account',
      () => serviceAccountPrinter.cells(obj({ secrets: [{ name: 'x-token' }] }), NOW),
      ['x', 1, '60m'],
    ],
    ['service account without secrets', () => serviceAccountPrinter.cells(obj({}), NOW), ['x', 0, '60m']],
    [
      'lease with holder',
      () => leasePrinter.cells(obj({ spec: { holderIdentity: 'node-1_abc' } }), NOW),
      ['x', 'node-1_abc', '60m'],
    ],
    ['lease without holder', () => leasePrinter.cells(obj({ spec: {} }), NOW), ['x', '', '60m']],
    ['default table: RFC 3339 creation time', () => defaultPrinter.cells(obj({}), NOW), ['x', '2024-06-01T11:00:00Z']],
    [
      'default table: missing creation time is the zero time',
      () => defaultPrinter.cells({ metadata: { name: 'y' } }, NOW),
      ['y', '0001-01-01T00:00:00Z'],
    ],
  ];
  for (const [name, cells, expected] of cases) {
    it(name, () => assert.deepEqual(cells(), expected));
  }

  it('prints <unknown> age without a creation timestamp', () => {
    assert.deepEqual(namespacePrinter.cells({ metadata: { name: 'n' } }, NOW), ['n', '', '<unknown>']);
  });

  it('default table columns are Name and Created At (date)', () => {
    assert.deepEqual(
      defaultPrinter.columns.map((c) => [c.name, c.type, c.format]),
      [
        ['Name', 'string', 'name'],
        ['Created At', 'date', ''],
      ],
    );
  });
});
