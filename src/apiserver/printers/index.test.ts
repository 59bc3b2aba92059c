import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import { apiVersionOf, resources } from '../../api/registry.js';
import { tableCells, tableColumns, tableRowConditions } from './index.js';

const NOW = new Date('2024-06-01T12:00:00Z');
const bare: KubeObject = { metadata: { name: 'x', creationTimestamp: '2024-06-01T11:59:00Z' } };

/** The column names kube-apiserver serves for each kind of the registry. */
const expectedColumns: Record<string, string[]> = {
  'v1/Namespace': ['Name', 'Status', 'Age'],
  'v1/Pod': ['Name', 'Ready', 'Status', 'Restarts', 'Age', 'IP', 'Node', 'Nominated Node', 'Readiness Gates'],
  'v1/Service': ['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age', 'Selector'],
  'v1/Endpoints': ['Name', 'Endpoints', 'Age'],
  'v1/Event': [
    'Last Seen',
    'Type',
    'Reason',
    'Object',
    'Subobject',
    'Source',
    'Message',
    'First Seen',
    'Count',
    'Name',
  ],
  'v1/Node': [
    'Name',
    'Status',
    'Roles',
    'Age',
    'Version',
    'Internal-IP',
    'External-IP',
    'OS-Image',
    'Kernel-Version',
    'Container-Runtime',
  ],
  'v1/ConfigMap': ['Name', 'Data', 'Age'],
  'v1/Secret': ['Name', 'Type', 'Data', 'Age'],
  'v1/ServiceAccount': ['Name', 'Secrets', 'Age'],
  'apps/v1/Deployment': ['Name', 'Ready', 'Up-to-date', 'Available', 'Age', 'Containers', 'Images', 'Selector'],
  'apps/v1/ReplicaSet': ['Name', 'Desired', 'Current', 'Ready', 'Age', 'Containers', 'Images', 'Selector'],
  'discovery.k8s.io/v1/EndpointSlice': ['Name', 'AddressType', 'Ports', 'Endpoints', 'Age'],
  'networking.k8s.io/v1/Ingress': ['Name', 'Class', 'Hosts', 'Address', 'Ports', 'Age'],
  'networking.k8s.io/v1/IngressClass': ['Name', 'Controller', 'Parameters', 'Age'],
  'events.k8s.io/v1/Event': [
    'Last Seen',
    'Type',
    'Reason',
    'Object',
    'Subobject',
    'Source',
    'Message',
    'First Seen',
    'Count',
    'Name',
  ],
  'coordination.k8s.io/v1/Lease': ['Name', 'Holder', 'Age'],
};

describe('printer dispatch', () => {
  for (const info of resources) {
    const key = `${apiVersionOf(info)}/${info.kind}`;
    it(`${key}: upstream columns, one cell per column for a bare object`, () => {
      const columns = tableColumns(info);
      assert.deepEqual(
        columns.map((c) => c.name),
        expectedColumns[key] ?? ['Name', 'Created At'],
      );
      assert.equal(tableCells(info, bare, NOW).length, columns.length);
      for (const c of columns) {
        assert.deepEqual(Object.keys(c).sort(), ['description', 'format', 'name', 'priority', 'type']);
      }
    });
  }

  it('covers every kind of the registry with a specific printer', () => {
    assert.deepEqual(
      resources.map((r) => `${apiVersionOf(r)}/${r.kind}`).filter((k) => !(k in expectedColumns)),
      [],
    );
  });

  it('serves the default table for kinds without a printer', () => {
    const info = { group: 'example.com', kind: 'Widget' };
    assert.deepEqual(
      tableColumns(info).map((c) => c.name),
      ['Name', 'Created At'],
    );
    assert.deepEqual(tableCells(info, bare, NOW), ['x', '2024-06-01T11:59:00Z']);
  });

  it('hands out independent column copies', () => {
    const info = { group: '', kind: 'Pod' };
    const first = tableColumns(info);
    first[0]!.name = 'changed';
    assert.equal(tableColumns(info)[0]?.name, 'Name');
  });

  it('returns row conditions for finished pods only', () => {
    const pod = { group: '', kind: 'Pod' };
    const done: KubeObject = { metadata: { name: 'p' }, status: { phase: 'Succeeded' } };
    assert.equal(tableRowConditions(pod, done)?.[0]?.reason, 'Succeeded');
    assert.equal(tableRowConditions(pod, bare), undefined);
    assert.equal(tableRowConditions({ group: 'apps', kind: 'Deployment' }, done), undefined);
  });
});
