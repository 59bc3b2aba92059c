/**
 * What kubelet learns about its machine (cAdvisor's MachineInfo and the OS files it reads): CPUs, memory,
 * the filesystem holding the data dir, huge pages, OS image, kernel, architecture and machine identifiers.
 */
import { readdir, readFile, statfs } from 'node:fs/promises';
import os from 'node:os';
import { osImageOf, parseOsRelease } from './os-release.js';

export interface MachineInfo {
  cpus: number;
  memoryBytes: number;
  /** Size of the filesystem holding the data dir (undefined when it cannot be read). */
  filesystemBytes: number | undefined;
  /** Huge page size in KiB → bytes reserved for pages of that size. */
  hugePages: Record<number, number>;
  osImage: string;
  kernelVersion: string;
  /** GOARCH spelling: `amd64`, `arm64` ... */
  architecture: string;
  machineID: string;
  bootID: string;
  systemUUID: string;
}

/** Node's `process.arch` in Go's GOARCH spelling. */
export function goArch(arch: string = process.arch): string {
  const names: Record<string, string> = { x64: 'amd64', ia32: '386', arm: 'arm', arm64: 'arm64', ppc64: 'ppc64le' };
  return names[arch] ?? arch;
}

async function readTrimmed(path: string): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    return '';
  }
}

async function filesystemSize(path: string): Promise<number | undefined> {
  try {
    const s = await statfs(path);
    return s.blocks * s.bsize;
  } catch {
    return undefined;
  }
}

/** `/sys/kernel/mm/hugepages/hugepages-<size>kB/nr_hugepages` for every size the kernel offers. */
async function hugePages(): Promise<Record<number, number>> {
  const dir = '/sys/kernel/mm/hugepages';
  const out: Record<number, number> = {};
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    const m = /^hugepages-(\d+)kB$/.exec(name);
    if (!m) continue;
    const sizeKiB = Number(m[1]);
    const count = Number(await readTrimmed(`${dir}/${name}/nr_hugepages`)) || 0;
    out[sizeKiB] = count * sizeKiB * 1024;
  }
  return out;
}

/** Reads the machine; `dataDir` is where pods' data lives (its filesystem is the node's ephemeral storage). */
export async function readMachineInfo(dataDir = '/'): Promise<MachineInfo> {
  const [filesystemBytes, pages, osRelease, machineID, bootID, systemUUID] = await Promise.all([
    filesystemSize(dataDir).then((n) => n ?? filesystemSize('/')),
    hugePages(),
    readTrimmed('/etc/os-release'),
    readTrimmed('/etc/machine-id'),
    readTrimmed('/proc/sys/kernel/random/boot_id'),
    readTrimmed('/sys/class/dmi/id/product_uuid'),
  ]);
  return {
    cpus: os.availableParallelism(),
    memoryBytes: os.totalmem(),
    filesystemBytes,
    hugePages: pages,
    osImage: osImageOf(parseOsRelease(osRelease)) ?? `${os.type()} ${os.release()}`,
    kernelVersion: os.release(),
    architecture: goArch(),
    machineID,
    bootID,
    systemUUID,
  };
}
