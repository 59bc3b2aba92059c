/**
 * The canonical layout of Endpoints subsets (k/k `pkg/api/v1/endpoints/util.go` `RepackSubsets`): one subset
 * per distinct set of addresses, listing every port those addresses offer; an address not ready for one
 * port is not ready for all; addresses, ports and subsets sorted so equal contents compare equal.
 */
import type { EndpointAddress, EndpointPort, EndpointSubset } from 'kubernetes-types/core/v1.js';

function addressKey(a: EndpointAddress): string {
  return JSON.stringify([a.ip, a.targetRef?.uid ?? '']);
}

function portKey(p: EndpointPort): string {
  return JSON.stringify([p.name ?? '', p.port, p.protocol ?? '', p.appProtocol ?? null]);
}

/** `LessEndpointAddress`: by IP (bytewise), then target uid (none first). */
export function compareAddresses(a: EndpointAddress, b: EndpointAddress): number {
  if (a.ip !== b.ip) return Buffer.compare(Buffer.from(a.ip), Buffer.from(b.ip));
  const ua = a.targetRef?.uid;
  const ub = b.targetRef?.uid;
  if (ua === ub) return 0;
  if (ub === undefined) return 1;
  if (ua === undefined) return -1;
  return ua < ub ? -1 : 1;
}

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A subset in Go's JSON shape: empty lists left out. */
function subset(ready: EndpointAddress[], notReady: EndpointAddress[], ports: EndpointPort[]): EndpointSubset {
  const s: EndpointSubset = {};
  if (ready.length > 0) s.addresses = ready;
  if (notReady.length > 0) s.notReadyAddresses = notReady;
  if (ports.length > 0) s.ports = ports;
  return s;
}

/** Sorts addresses and ports inside each subset, then the subsets (`SortSubsets`, with a stable order). */
export function sortSubsets(subsets: readonly EndpointSubset[]): EndpointSubset[] {
  const sorted = subsets.map((s) =>
    subset(
      [...(s.addresses ?? [])].sort(compareAddresses),
      [...(s.notReadyAddresses ?? [])].sort(compareAddresses),
      [...(s.ports ?? [])].sort((a, b) => compareStrings(portKey(a), portKey(b))),
    ),
  );
  return sorted
    .map((s) => ({ s, key: JSON.stringify(s) }))
    .sort((a, b) => compareStrings(a.key, b.key))
    .map((x) => x.s);
}

/** `RepackSubsets`. Addresses without ports (headless Services) are kept, in a subset without ports. */
export function repackSubsets(subsets: readonly EndpointSubset[]): EndpointSubset[] {
  const allAddrs = new Map<string, EndpointAddress>();
  // port key → (port or undefined for "no ports") and address key → ready
  const byPort = new Map<string, { port: EndpointPort | undefined; addrs: Map<string, boolean> }>();
  const map = (addr: EndpointAddress, port: EndpointPort | undefined, ready: boolean) => {
    const ak = addressKey(addr);
    if (!allAddrs.has(ak)) allAddrs.set(ak, structuredClone(addr));
    const pk = port === undefined ? '' : portKey(port);
    let entry = byPort.get(pk);
    if (entry === undefined) {
      entry = { port, addrs: new Map() };
      byPort.set(pk, entry);
    }
    // Not ready wins over ready.
    if (entry.addrs.get(ak) !== false) entry.addrs.set(ak, ready);
  };
  for (const s of subsets) {
    const ports: (EndpointPort | undefined)[] = (s.ports ?? []).length > 0 ? [...(s.ports ?? [])] : [undefined];
    for (const port of ports) {
      for (const a of s.addresses ?? []) map(a, port, true);
      for (const a of s.notReadyAddresses ?? []) map(a, port, false);
    }
  }

  // Group ports by the exact set of (address, ready) offering them.
  const groups = new Map<string, { addrs: Map<string, boolean>; ports: EndpointPort[] }>();
  for (const { port, addrs } of byPort.values()) {
    const key = JSON.stringify([...addrs].sort(([a], [b]) => compareStrings(a, b)));
    let g = groups.get(key);
    if (g === undefined) {
      g = { addrs, ports: [] };
      groups.set(key, g);
    }
    if (port !== undefined) g.ports.push(port);
  }

  const out: EndpointSubset[] = [];
  for (const { addrs, ports } of groups.values()) {
    const ready: EndpointAddress[] = [];
    const notReady: EndpointAddress[] = [];
    for (const [ak, isReady] of addrs) {
      const addr = allAddrs.get(ak);
      if (addr !== undefined) (isReady ? ready : notReady).push(addr);
    }
    out.push(subset(ready, notReady, ports));
  }
  return sortSubsets(out);
}
