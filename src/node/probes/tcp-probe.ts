import net from 'node:net';
import type { TCPSocketAction } from 'kubernetes-types/core/v1.js';
import type { ProbeOutcome } from '../node-types.js';
import { goDialError, goDialTimeout } from './go-net-errors.js';
import { resolveProbePort } from './probe-port.js';

/** Opens a TCP connection within `timeoutMs` and closes it at once (like Go's `net.DialTimeout`). */
export function dialTcp(host: string, port: number, timeoutMs: number): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (outcome: ProbeOutcome) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => done({ success: false, message: goDialTimeout(host, port) }), timeoutMs);
    socket.once('connect', () => done({ success: true, message: '' }));
    socket.once('error', (error) => done({ success: false, message: goDialError(error, host, port) }));
  });
}

/** Runs a tcpSocket probe: success when a connection to `host` (default the pod IP) and `port` opens in time. */
export function runTcpProbe(
  action: TCPSocketAction,
  podIP: string,
  namedPorts: ReadonlyMap<string, number>,
  timeoutMs: number,
): Promise<ProbeOutcome> {
  const port = resolveProbePort(action.port, namedPorts);
  return dialTcp(action.host || podIP, port, timeoutMs);
}
