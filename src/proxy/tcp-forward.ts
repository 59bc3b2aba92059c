/**
 * One proxied TCP connection: connect to an endpoint the balancer picks, retrying a refused, reset or slow
 * connect on another endpoint (bounded, as the userspace kube-proxy did), then forward both directions with
 * backpressure and half-close, and turn a reset on one side into a reset on the other. Bytes are counted by the
 * sockets themselves and read once at close: no JavaScript runs per byte beyond handing chunks on.
 */
import { connect, type Socket } from 'node:net';
import type { Balancer } from './balancer.js';
import type { ProxyMetrics, ServiceCounters } from './metrics.js';
import type { Backend } from './service-ports.js';

export interface TcpForwardOptions {
  /** An endpoint that has not accepted within this long is given up for the next one. */
  connectTimeoutMs: number;
  /** Endpoints tried per connection at most. */
  maxAttempts: number;
}

export const defaultTcpForwardOptions: TcpForwardOptions = { connectTimeoutMs: 300, maxAttempts: 4 };

/** What a listener hands each connection: the live balancer and counters of its Service port. */
export interface PortTarget {
  balancer: Balancer;
  counters: ServiceCounters;
  metrics: ProxyMetrics;
}

/** Sends a reset when the socket is connected, otherwise just destroys it. */
export function reset(socket: Socket): void {
  if (socket.destroyed) return;
  try {
    socket.resetAndDestroy();
  } catch {
    socket.destroy();
  }
}

/** Proxies `client` (accepted paused) to one of the target's endpoints. */
export function forwardTcp(client: Socket, target: PortTarget, options: TcpForwardOptions): void {
  const svc = target.counters;
  svc.connections++;
  svc.active++;
  // getpeername costs a system call: only affinity needs the client's address.
  const clientIp = target.balancer.affinityEnabled ? (client.remoteAddress ?? '') : '';
  let tried: Set<string> | undefined;
  let attempts = 0;
  let pending: Socket | undefined;
  let clientGone = false;

  const onClientError = () => {};
  const onEarlyClose = () => {
    clientGone = true;
    if (pending) reset(pending);
    svc.active--;
  };
  client.on('error', onClientError);
  client.on('close', onEarlyClose);

  const attempt = (): void => {
    const backend = target.balancer.pick(clientIp, tried);
    if (!backend) {
      svc.failures++;
      reset(client);
      return;
    }
    if (attempts > 0) svc.retries++;
    attempts++;
    const upstream = connect({ host: backend.ip, port: backend.port, allowHalfOpen: true, noDelay: true });
    pending = upstream;
    let settled = false;
    const failed = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      pending = undefined;
      upstream.destroy();
      if (clientGone) return;
      target.metrics.endpoint(svc, backend.key).failures++;
      target.balancer.reportFailure(backend.key);
      if (attempts >= options.maxAttempts) {
        svc.failures++;
        reset(client);
        return;
      }
      tried ??= new Set();
      tried.add(backend.key);
      attempt();
    };
    const timer = setTimeout(failed, options.connectTimeoutMs);
    upstream.on('error', failed);
    upstream.on('connect', () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      pending = undefined;
      upstream.removeListener('error', failed);
      client.removeListener('close', onEarlyClose);
      client.removeListener('error', onClientError);
      splice(client, upstream, backend, target);
    });
  };
  attempt();
}

/** Forwards `from` into `to` with backpressure; the end of `from` half-closes `to`. */
function pump(from: Socket, to: Socket): void {
  from.on('data', (chunk: Buffer) => {
    if (!to.write(chunk)) from.pause();
  });
  to.on('drain', () => from.resume());
  from.on('end', () => to.end());
}

function splice(client: Socket, upstream: Socket, backend: Backend, target: PortTarget): void {
  const svc = target.counters;
  const ep = target.metrics.endpoint(svc, backend.key);
  ep.connections++;
  ep.active++;
  pump(client, upstream);
  pump(upstream, client);
  // A reset (or any error) on one side resets the other, as a client talking to the pod directly would see.
  client.on('error', () => reset(upstream));
  upstream.on('error', () => reset(client));
  let open = 2;
  const closed = (self: Socket, other: Socket) => {
    // Destroyed without reading to the end (no FIN seen): the other side cannot finish on its own.
    if (!self.readableEnded) reset(other);
    if (--open > 0) return;
    svc.active--;
    ep.active--;
    svc.bytesIn += client.bytesRead;
    ep.bytesIn += client.bytesRead;
    svc.bytesOut += upstream.bytesRead;
    ep.bytesOut += upstream.bytesRead;
  };
  client.on('close', () => closed(client, upstream));
  upstream.on('close', () => closed(upstream, client));
  client.resume();
}
