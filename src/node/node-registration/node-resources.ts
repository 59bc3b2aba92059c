/**
 * The node's capacity and allocatable (kubelet's `nodestatus.MachineInfo` setter with kubelet's defaults: no
 * kube/system reservations, hard eviction at `memory.available<100Mi` and `nodefs.available<10%`), except the pod
 * limit: the kubelet's default `maxPods` is 110, but a kubeling pod is a process of a few MiB, so one node holds 250.
 */
import type { MachineInfo } from './machine-info.js';

export const maxPods = 250;
/** `memory.available<100Mi`, kubelet's default hard eviction threshold. */
export const memoryEvictionBytes = 100 * 1024 * 1024;
/** `nodefs.available<10%`, a float32 in kubelet's config (so 10% of 101445540Ki reserves 10388023450 bytes). */
export const nodefsEvictionShare = Math.fround(0.1);

const binarySuffixes = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

/**
 * A byte count as apimachinery prints a BinarySI quantity: the largest power-of-1024 suffix that keeps it whole
 * (`16305908Ki`, `2Gi`, `93492209510`); values below 1024 print in decimal (`0`, `512`).
 */
export function formatBytes(bytes: number): string {
  const n = Math.max(0, Math.floor(bytes));
  if (n < 1024) return n !== 0 && n % 1000 === 0 ? `${n / 1000}k` : String(n);
  let value = n;
  let exp = 0;
  while (exp < binarySuffixes.length - 1 && value % 1024 === 0) {
    value /= 1024;
    exp++;
  }
  return `${value}${binarySuffixes[exp]}`;
}

/** `hugepages-2Mi`, `hugepages-1Gi` from a page size in KiB. */
export function hugePageResourceName(sizeKiB: number): string {
  return `hugepages-${formatBytes(sizeKiB * 1024)}`;
}

function hugePageTotal(machine: MachineInfo): number {
  return Object.values(machine.hugePages).reduce((a, b) => a + b, 0);
}

export function nodeCapacity(machine: MachineInfo): Record<string, string> {
  const out: Record<string, string> = { cpu: String(machine.cpus) };
  if (machine.filesystemBytes !== undefined) out['ephemeral-storage'] = formatBytes(machine.filesystemBytes);
  for (const [size, bytes] of Object.entries(machine.hugePages))
    out[hugePageResourceName(Number(size))] = formatBytes(bytes);
  out.memory = formatBytes(machine.memoryBytes);
  out.pods = String(maxPods);
  return out;
}

export function nodeAllocatable(machine: MachineInfo): Record<string, string> {
  const out = nodeCapacity(machine);
  out.memory = formatBytes(machine.memoryBytes - memoryEvictionBytes - hugePageTotal(machine));
  if (machine.filesystemBytes !== undefined) {
    const reserved = Math.floor(machine.filesystemBytes * nodefsEvictionShare);
    out['ephemeral-storage'] = formatBytes(machine.filesystemBytes - reserved);
  }
  return out;
}
