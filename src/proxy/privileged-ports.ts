/**
 * Whether this process may bind a port: ports below `net.ipv4.ip_unprivileged_port_start` (1024 by default)
 * need root or the CAP_NET_BIND_SERVICE capability.
 */
import { readFileSync } from 'node:fs';

const capNetBindService = 10n;

/** True when the `CapEff:` line of /proc/<pid>/status has CAP_NET_BIND_SERVICE. */
export function hasNetBindCapability(procStatus: string): boolean {
  const hex = /^CapEff:\s*([0-9a-f]+)$/im.exec(procStatus)?.[1];
  return hex !== undefined && ((BigInt(`0x${hex}`) >> capNetBindService) & 1n) === 1n;
}

function readOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
}

/** A predicate for the ports this process can bind, read from /proc once. */
export function portBindPolicy(): (port: number) => boolean {
  const start = Number.parseInt(readOr('/proc/sys/net/ipv4/ip_unprivileged_port_start', '1024'), 10);
  const firstUnprivileged = Number.isFinite(start) ? start : 1024;
  const capable = process.getuid?.() === 0 || hasNetBindCapability(readOr('/proc/self/status', ''));
  return (port) => capable || port >= firstUnprivileged;
}
