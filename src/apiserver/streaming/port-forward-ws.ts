/**
 * The kubelet's own WebSocket port-forward (used by @kubernetes/client-node and other non-kubectl clients):
 * `?ports=80,443`, one connection to each port per WebSocket; port i has data channel 2i and error channel 2i+1,
 * and both start with the port as a little-endian uint16. The WebSocket closes when every port's connection is
 * over.
 */
import type { Duplex } from 'node:stream';
import { badRequest } from '../../api/status-error.js';
import type { PortForwardTarget } from './port-forward-spdy.js';
import type { UpgradeContext } from './upgrade-request.js';
import { ChannelConnection } from './ws-channels.js';
import { acceptWebSocket, negotiateWebSocketProtocol } from './ws-upgrade.js';

export const portForwardWsProtocols = ['v4.channel.k8s.io', 'v4.base64.channel.k8s.io', 'portforward.k8s.io'] as const;

/** `ports` (the API's name) or `port` (the kubelet's), repeated or comma-separated. */
export function forwardedPorts(query: URLSearchParams): number[] {
  const values = [...query.getAll('ports'), ...query.getAll('port')];
  if (values.length === 0) throw badRequest('query parameter "port" is required');
  const ports: number[] = [];
  for (const value of values) {
    if (value === '') throw badRequest('query parameter "port" cannot be empty');
    for (const p of value.split(',')) {
      const n = Number(p);
      if (!/^\d+$/.test(p) || n > 65535) throw badRequest(`unable to parse "${value}" as a port`);
      if (n < 1) throw badRequest(`port "${value}" must be > 0`);
      ports.push(n);
    }
  }
  return ports;
}

function portBytes(port: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(port);
  return b;
}

/** Negotiates first (throws before anything is written), then returns the function that takes the connection. */
export function preparePortForwardWs(ctx: UpgradeContext, target: PortForwardTarget): () => Promise<void> {
  const ports = forwardedPorts(new URL(ctx.req.url ?? '/', 'https://localhost').searchParams);
  const protocol = negotiateWebSocketProtocol(ctx.req, portForwardWsProtocols);
  return async () => {
    const ws = await acceptWebSocket(ctx, protocol);
    const conn = new ChannelConnection(ws, protocol.includes('base64') ? 'base64' : 'binary');
    await Promise.all(ports.map((port, i) => forwardOne(conn, target, port, 2 * i, 2 * i + 1)));
    await conn.close(1000, 10_000);
  };
}

async function forwardOne(
  conn: ChannelConnection,
  target: PortForwardTarget,
  port: number,
  dataChannel: number,
  errorChannel: number,
): Promise<void> {
  await conn.send(dataChannel, portBytes(port));
  await conn.send(errorChannel, portBytes(port));
  const early: Buffer[] = [];
  let socket: Duplex | undefined;
  conn.onChannel(dataChannel, (data) => {
    if (!socket) early.push(data);
    else if (!socket.write(data)) {
      conn.pause();
      socket.once('drain', () => conn.resume());
    }
  });
  try {
    socket = await target.backend.portForward(target.namespace, target.pod, port);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    const message = `error forwarding port ${port} to pod ${target.pod}, uid ${target.uid}: ${reason}`;
    await conn.send(errorChannel, Buffer.from(message));
    return;
  }
  const pod = socket;
  for (const data of early.splice(0)) pod.write(data);
  void conn.closed.then(() => pod.destroy());
  pod.on('error', () => pod.destroy());
  pod.on('data', (chunk: Buffer) => {
    pod.pause();
    void conn.send(dataChannel, chunk).then(() => pod.resume());
  });
  await new Promise<void>((resolve) => pod.once('close', () => resolve()));
}
