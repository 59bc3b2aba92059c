/**
 * Raw keep-alive connections to endpoints for the fast path: per endpoint a LIFO list of idle sockets (closed
 * after `idleTimeoutMs`, below Node's 5 s server keep-alive so the upstream never closes one under us), new
 * connections with a connect timeout, and `retain` to drop the idle sockets of endpoints that left.
 */
import { connect, type Socket } from 'node:net';
import type { Endpoint } from './backend-endpoints.js';

interface IdleSocket {
  socket: Socket;
  since: number;
  onEnd: () => void;
}

export class UpstreamConnectError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

export class UpstreamSockets {
  private readonly idle = new Map<string, IdleSocket[]>();
  /** The endpoints still in some backend (undefined until the first `retain`): others are not pooled. */
  private liveKeys: ReadonlySet<string> | undefined;

  constructor(
    private readonly idleTimeoutMs = 4000,
    private readonly maxIdlePerEndpoint = 320,
  ) {}

  /**
   * An idle connection to the endpoint (reused: true) or a new one once connected; `cb` gets an error when the
   * connection fails or is not established within `connectTimeoutMs`.
   */
  acquire(
    endpoint: Endpoint,
    connectTimeoutMs: number,
    cb: (err: Error | undefined, socket: Socket | undefined, reused: boolean) => void,
  ): () => void {
    const list = this.idle.get(endpoint.key);
    const entry = list?.pop();
    if (entry) {
      entry.socket.off('close', entry.onEnd);
      entry.socket.off('data', entry.onEnd);
      entry.socket.off('error', entry.onEnd);
      cb(undefined, entry.socket, true);
      return () => {};
    }
    const socket = connect({ host: endpoint.ip, port: endpoint.port, noDelay: true });
    let settled = false;
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.off('connect', onConnect);
      socket.off('error', onError);
      if (err) {
        socket.destroy();
        cb(err, undefined, false);
      } else cb(undefined, socket, false);
    };
    const onConnect = () => finish();
    const onError = (err: NodeJS.ErrnoException) =>
      finish(new UpstreamConnectError(err.message, err.code ?? 'ECONNREFUSED'));
    const timer = setTimeout(
      () => finish(new UpstreamConnectError(`connect to ${endpoint.key} timed out`, 'ETIMEDOUT')),
      connectTimeoutMs,
    );
    socket.once('connect', onConnect);
    socket.once('error', onError);
    // Cancels a pending connect (the client went away).
    return () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
    };
  }

  /** Returns a connection that finished an exchange cleanly; it is closed instead when its endpoint left. */
  release(endpoint: Endpoint, socket: Socket, now: number): void {
    if (this.liveKeys?.has(endpoint.key) === false || socket.destroyed) {
      socket.destroy();
      return;
    }
    let list = this.idle.get(endpoint.key);
    if (!list) {
      list = [];
      this.idle.set(endpoint.key, list);
    }
    if (list.length >= this.maxIdlePerEndpoint) {
      socket.destroy();
      return;
    }
    const entry: IdleSocket = {
      socket,
      since: now,
      onEnd: () => {
        const l = this.idle.get(endpoint.key);
        const i = l ? l.indexOf(entry) : -1;
        if (i >= 0) l?.splice(i, 1);
        socket.destroy();
      },
    };
    // While idle, anything from the upstream (a close, stray bytes) makes the connection unusable.
    socket.on('close', entry.onEnd);
    socket.on('data', entry.onEnd);
    socket.on('error', entry.onEnd);
    list.push(entry);
  }

  /** Closes idle connections older than the idle timeout. */
  sweep(now: number): void {
    for (const list of this.idle.values()) {
      while (list.length > 0 && now - (list[0] as IdleSocket).since > this.idleTimeoutMs) {
        const entry = list.shift() as IdleSocket;
        entry.socket.off('close', entry.onEnd);
        entry.socket.destroy();
      }
    }
  }

  /** Closes idle connections to endpoints not in `live`; connections in use are closed when released. */
  retain(live: ReadonlySet<string>): void {
    for (const [key, list] of this.idle) {
      if (live.has(key)) continue;
      for (const entry of list) {
        entry.socket.off('close', entry.onEnd);
        entry.socket.destroy();
      }
      this.idle.delete(key);
    }
    this.liveKeys = live;
  }

  destroy(): void {
    for (const list of this.idle.values()) for (const entry of list) entry.socket.destroy();
    this.idle.clear();
  }
}
