import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MachineInfo } from './machine-info.js';
import { formatBytes, hugePageResourceName, nodeAllocatable, nodeCapacity } from './node-resources.js';

test('formatBytes prints BinarySI quantities', () => {
  const cases: [number, string][] = [
    [0, '0'],
    [512, '512'],
    [1000, '1k'],
    [1024, '1Ki'],
    [16305908 * 1024, '16305908Ki'],
    [2 * 1024 ** 3, '2Gi'],
    [1536 * 1024 ** 2, '1536Mi'],
    [93492209510, '93492209510'],
  ];
  for (const [bytes, want] of cases) assert.equal(formatBytes(bytes), want, String(bytes));
});

test('hugePageResourceName', () => {
  assert.equal(hugePageResourceName(2048), 'hugepages-2Mi');
  assert.equal(hugePageResourceName(1048576), 'hugepages-1Gi');
});

const machine: MachineInfo = {
  cpus: 8,
  memoryBytes: 16305908 * 1024,
  filesystemBytes: 101445540 * 1024,
  hugePages: { 2048: 0, 1048576: 0 },
  osImage: 'Debian GNU/Linux 12 (bookworm)',
  kernelVersion: '6.8.0',
  architecture: 'amd64',
  machineID: 'm',
  bootID: 'b',
  systemUUID: '',
};

test('nodeCapacity and nodeAllocatable follow kubelet defaults', () => {
  assert.deepEqual(nodeCapacity(machine), {
    cpu: '8',
    'ephemeral-storage': '101445540Ki',
    'hugepages-2Mi': '0',
    'hugepages-1Gi': '0',
    memory: '16305908Ki',
    pods: '250',
  });
  assert.deepEqual(nodeAllocatable(machine), {
    cpu: '8',
    'ephemeral-storage': '93492209510',
    'hugepages-2Mi': '0',
    'hugepages-1Gi': '0',
    memory: '16203508Ki',
    pods: '250',
  });
});

test('huge pages are taken out of allocatable memory', () => {
  const withPages = { ...machine, hugePages: { 2048: 512 * 2048 * 1024 } };
  assert.equal(nodeCapacity(withPages)['hugepages-2Mi'], '1Gi');
  assert.equal(nodeAllocatable(withPages).memory, `${16305908 - 102400 - 1024 * 1024}Ki`);
  assert.equal(nodeCapacity({ ...machine, filesystemBytes: undefined })['ephemeral-storage'], undefined);
});
