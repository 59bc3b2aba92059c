import { ProbeError } from './probe-error.js';

/**
 * Resolves a probe's `port` (a number, a container port name, or a number written as a string) like the kubelet's
 * `ResolveContainerPort`; throws ProbeError with upstream's wording when it cannot.
 */
export function resolveProbePort(port: number | string, namedPorts: ReadonlyMap<string, number>): number {
  let resolved: number;
  if (typeof port === 'number') {
    resolved = port;
  } else {
    const named = namedPorts.get(port);
    if (named !== undefined) resolved = named;
    else if (/^[+-]?\d+$/.test(port)) resolved = Number.parseInt(port, 10);
    else throw new ProbeError(`strconv.Atoi: parsing "${port}": invalid syntax`);
  }
  if (Number.isInteger(resolved) && resolved > 0 && resolved < 65536) return resolved;
  throw new ProbeError(`invalid port number: ${resolved}`);
}
