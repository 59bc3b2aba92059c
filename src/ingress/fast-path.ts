/**
 * The proxy's fast path, for the common case: HTTP/1.1 requests without a body (GET, HEAD, ...) on keep-alive
 * connections. It reads request heads off the client socket itself, writes them to a pooled raw upstream
 * connection and passes the answer back byte for byte, parsing only the response head and the body framing
 * (length, chunked, or until close) to know when the upstream connection is free again. This avoids node:http's
 * per-request objects on both sides: about twice the throughput of node:http on this machine (bench/ingress.ts).
 *
 * Anything else (a request body, an upgrade, `Expect`, HTTP/1.0, a malformed or huge head) hands the client
 * connection, at a request boundary, to node:http (`proxy-request.ts`, `proxy-upgrade.ts`) for good. Routing,
 * endpoint choice, retries (nothing received yet, idempotent method, `tries` attempts), forwarded headers,
 * counters and error pages are the same on both paths.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { type ExchangeHost, type FastContext, FastExchange, headEnd, maxHeadBytes } from './fast-exchange.js';
import type { ClientInfo } from './forwarded-headers.js';
import { parseRequestHead } from './http1-head.js';

export type { FastContext } from './fast-exchange.js';

/** Pipelined bytes buffered while an exchange runs before the client is paused. */
const maxBufferedBytes = 64 * 1024;

/** Serves a client connection (plain or TLS); `slow` is the node:http server it is handed to when needed. */
export function serveConnection(ctx: FastContext, socket: Socket, client: ClientInfo, slow: Server): void {
  new ClientConnection(ctx, socket, client, slow).next();
}

/** Enforces the read timeout of exchanges and the idle timeout of pooled upstream connections. */
export function sweepFast(ctx: FastContext, now: number): void {
  ctx.sockets.sweep(now);
  for (const ex of ctx.active) ex.checkTimeout(now);
}

class ClientConnection implements ExchangeHost {
  private buf: Buffer | undefined;
  private exchange: FastExchange | undefined;
  private looping = false;
  private closed = false;

  constructor(
    readonly ctx: FastContext,
    readonly socket: Socket,
    readonly client: ClientInfo,
    private readonly slow: Server,
  ) {
    socket.on('data', this.onData);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
  }

  private readonly onData = (chunk: Buffer) => {
    this.buf = this.buf ? Buffer.concat([this.buf, chunk]) : chunk;
    if (!this.exchange) this.next();
    else if (this.buf.length > maxBufferedBytes) this.socket.pause();
  };

  private readonly onError = () => this.socket.destroy();

  private readonly onClose = () => {
    this.closed = true;
    this.exchange?.abort();
    this.exchange = undefined;
  };

  /** Starts the next buffered request, if any and none is running. */
  next(): void {
    if (this.looping) return;
    this.looping = true;
    try {
      while (!this.exchange && !this.closed && this.buf) {
        const end = this.buf.indexOf(headEnd);
        if (end < 0) {
          if (this.buf.length > maxHeadBytes) this.handOff();
          return;
        }
        const head = parseRequestHead(this.buf.toString('latin1', 0, end));
        if (!head?.simple) {
          this.handOff();
          return;
        }
        this.buf = end + 4 < this.buf.length ? this.buf.subarray(end + 4) : undefined;
        const ex = new FastExchange(this, head);
        this.exchange = ex;
        ex.start();
      }
    } finally {
      this.looping = false;
    }
  }

  /** The running exchange finished; the connection closes or takes the next request. */
  done(close: boolean): void {
    this.exchange = undefined;
    if (this.closed) return;
    if (close) {
      this.closed = true;
      this.socket.end();
      return;
    }
    if (this.socket.isPaused()) this.socket.resume();
    this.next();
  }

  /** Gives the connection, from the current request on, to node:http. */
  private handOff(): void {
    this.closed = true;
    const socket = this.socket;
    socket.pause();
    socket.off('data', this.onData);
    socket.off('error', this.onError);
    socket.off('close', this.onClose);
    if (this.buf) socket.unshift(this.buf);
    this.buf = undefined;
    this.slow.emit('connection', socket);
    socket.resume();
  }
}
