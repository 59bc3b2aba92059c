/** Printers for core/v1 Endpoints (`formatEndpoints`) and discovery.k8s.io/v1 EndpointSlice. */

import type { Endpoints } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import type { KubeObject } from '../../api/object.js';
import { ageColumn, ageOf, column, nameColumn, nameOf, type Printer, view } from './printer.js';

const MAX_SHOWN = 3;

/** Go's `net.JoinHostPort`: IPv6 hosts are bracketed. */
function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** `formatEndpoints` with all ports: `10.0.0.1:8080,10.0.0.2:8080 + 1 more...`, or `<none>` without subsets. */
export function formatEndpoints(endpoints: Endpoints): string {
  const subsets = endpoints.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  let more = false;
  let count = 0;
  const add = (text: string) => {
    if (list.length === MAX_SHOWN) more = true;
    else list.push(text);
  };
  for (const subset of subsets) {
    const addresses = subset.addresses ?? [];
    const ports = subset.ports ?? [];
    if (ports.length === 0) {
      // Headless services may have no ports: the bare IPs are listed.
      count += addresses.length;
      for (const address of addresses) add(address.ip);
      continue;
    }
    for (const port of ports) {
      count += addresses.length;
      for (const address of addresses) add(joinHostPort(address.ip, port.port));
    }
  }
  const joined = list.join(',');
  return more ? `${joined} + ${count - MAX_SHOWN} more...` : joined;
}

/** `listWithMoreString`: up to three items, then `+ N more...`; `<unset>` for an empty list. */
function listWithMore(items: readonly string[]): string {
  const joined = items.slice(0, MAX_SHOWN).join(',');
  if (items.length > MAX_SHOWN) return `${joined} + ${items.length - MAX_SHOWN} more...`;
  return joined === '' ? '<unset>' : joined;
}

export const endpointsPrinter: Printer = {
  columns: [nameColumn, column('Endpoints'), ageColumn],
  cells(obj: KubeObject, now: Date): unknown[] {
    return [nameOf(obj), formatEndpoints(view<Endpoints>(obj)), ageOf(obj, now)];
  },
};

export const endpointSlicePrinter: Printer = {
  columns: [nameColumn, column('AddressType'), column('Ports'), column('Endpoints'), ageColumn],
  cells(obj: KubeObject, now: Date): unknown[] {
    const slice = view<EndpointSlice>(obj);
    const ports = (slice.ports ?? []).map((p) => {
      if (typeof p.port === 'number') return String(p.port);
      return typeof p.name === 'string' ? p.name : '*';
    });
    const addresses = (slice.endpoints ?? []).flatMap((e) => e.addresses ?? []);
    return [nameOf(obj), slice.addressType ?? '', listWithMore(ports), listWithMore(addresses), ageOf(obj, now)];
  },
};
