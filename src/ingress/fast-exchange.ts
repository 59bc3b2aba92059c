/**
 * One request on the fast path: route, endpoint choice, a pooled raw upstream connection, the request head
 * written with the forwarding headers, and the answer passed back byte for byte while its framing (length,
 * chunked, until close) is followed to know when the upstream connection is free again. Retries when nothing was
 * received yet and the method is idempotent, up to `tries` attempts; the controller's own pages otherwise.
 */
import type { Socket } from 'node:net';
import type { Endpoint } from './backend-endpoints.js';
import { ChunkedTracker } from './chunked-tracker.js';
import { countRequest, countRetry } from './counters.js';
import type { Backend } from './data-plane.js';
import { rawErrorResponse } from './error-pages.js';
import { type ClientInfo, clientResponseHeaders, upstreamRequestHeaders } from './forwarded-headers.js';
import { requestHost } from './host-match.js';
import { hasNoBody, parseResponseHead, type RequestHead, serializeHead } from './http1-head.js';
import { requestPath } from './path-match.js';
import type { ProxyContext } from './proxy-request.js';
import type { ServiceBackend } from './route-table.js';
import type { UpstreamSockets } from './upstream-sockets.js';

export interface FastContext extends ProxyContext {
  sockets: UpstreamSockets;
  /** Exchanges waiting on an upstream, checked for the read timeout by `sweepFast`. */
  active: Set<FastExchange>;
}

/** The client connection an exchange answers on. */
export interface ExchangeHost {
  readonly ctx: FastContext;
  readonly socket: Socket;
  readonly client: ClientInfo;
  /** The exchange finished; `close`: end the client connection. */
  done(close: boolean): void;
}

export const headEnd = Buffer.from('\r\n\r\n');
/** Longer heads go to node:http (which answers 431 past its own limit). */
export const maxHeadBytes = 16 * 1024;
const idempotent = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);

type Phase = 'connecting' | 'head' | 'body' | 'done';

export class FastExchange {
  private tries = 0;
  private tried: Set<string> | undefined;
  private phase: Phase = 'connecting';
  private up: Socket | undefined;
  private endpoint: Endpoint | undefined;
  private backend: Backend | undefined;
  private service: ServiceBackend | undefined;
  private ingress = '';
  private cancelConnect: (() => void) | undefined;
  private pending: Buffer | undefined;
  private remaining = 0;
  private chunked: ChunkedTracker | undefined;
  private untilClose = false;
  private noBody = false;
  private upstreamCloses = false;
  private clientClose: boolean;
  private lastActivity = 0;

  constructor(
    private readonly conn: ExchangeHost,
    private readonly req: RequestHead,
  ) {
    this.clientClose = req.close;
  }

  start(): void {
    const route = this.conn.ctx.plane.route(requestHost(this.req.host), requestPath(this.req.url));
    if (!route) {
      this.reply(404, '', '');
      return;
    }
    this.ingress = route.ingress;
    if (!route.service) {
      this.reply(503, '', '', 'resource backends are not supported');
      return;
    }
    this.service = route.service;
    this.attempt();
  }

  private attempt(): void {
    const ctx = this.conn.ctx;
    const backend = ctx.plane.backend(this.service as ServiceBackend);
    this.backend = backend;
    const endpoint = ctx.pool.pick(backend.key, backend.endpoints, this.tried);
    if (!endpoint) {
      this.reply(
        this.tries === 0 ? 503 : 502,
        backend.key,
        '',
        this.tries === 0 ? `service ${backend.key}` : undefined,
      );
      return;
    }
    this.endpoint = endpoint;
    this.tries++;
    this.phase = 'connecting';
    this.cancelConnect = ctx.sockets.acquire(endpoint, ctx.timeouts.connectTimeoutMs, (err, socket) => {
      this.cancelConnect = undefined;
      if (this.phase === 'done') {
        socket?.destroy();
        return;
      }
      if (err || !socket) {
        ctx.pool.markFailed(endpoint);
        this.retryOrFail();
        return;
      }
      this.send(socket);
    });
  }

  private send(up: Socket): void {
    this.up = up;
    this.phase = 'head';
    this.pending = undefined;
    this.lastActivity = Date.now();
    this.conn.ctx.active.add(this);
    up.on('data', this.onUpData);
    up.on('close', this.onUpClose);
    up.on('error', noop);
    up.resume();
    const headers = upstreamRequestHeaders(this.req.raw, this.conn.client);
    up.write(serializeHead(`${this.req.method} ${this.req.url} HTTP/1.1`, headers), 'latin1');
  }

  private readonly onUpData = (chunk: Buffer): void => {
    this.lastActivity = Date.now();
    if (this.phase === 'head') this.onHeadBytes(chunk);
    else if (this.phase === 'body') this.onBodyBytes(chunk, 0);
  };

  private onHeadBytes(chunk: Buffer): void {
    let buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    for (;;) {
      const end = buf.indexOf(headEnd);
      if (end < 0) {
        if (buf.length > maxHeadBytes) this.upstreamBroken();
        else this.pending = buf;
        return;
      }
      const head = parseResponseHead(buf.toString('latin1', 0, end));
      if (!head || head.status === 101 || Number.isNaN(head.contentLength)) {
        this.upstreamBroken();
        return;
      }
      const bodyStart = end + 4;
      if (head.status < 200) {
        // An interim answer (103 Early Hints ...): dropped; the final one follows.
        buf = buf.subarray(bodyStart);
        if (buf.length === 0) {
          this.pending = undefined;
          return;
        }
        continue;
      }
      this.pending = undefined;
      this.noBody = hasNoBody(this.req.method, head.status);
      if (!this.noBody) {
        if (head.chunked) this.chunked = new ChunkedTracker();
        else if (head.contentLength !== undefined) this.remaining = head.contentLength;
        else this.untilClose = true;
      }
      this.upstreamCloses = head.close || this.untilClose;
      if (this.untilClose) this.clientClose = true;
      this.phase = 'body';
      const ctx = this.conn.ctx;
      ctx.pool.markHealthy(this.endpoint as Endpoint);
      countRequest(this.ingress, this.backend?.key ?? '', this.endpoint?.key ?? '', head.status);
      const headText = serializeHead(
        `HTTP/1.1 ${head.status} ${head.reason}`,
        clientResponseHeaders(head.raw, true),
        this.clientClose ? 'Connection: close\r\n' : '',
      );
      this.onBodyBytes(buf, bodyStart, headText);
      return;
    }
  }

  /** Passes body bytes on (after `head`, the response head, in the same write) and notices the body's end. */
  private onBodyBytes(buf: Buffer, from: number, head?: string): void {
    let end = buf.length;
    let complete = false;
    if (this.noBody) {
      complete = true;
      end = from;
    } else if (this.chunked) {
      let at: number;
      try {
        at = this.chunked.feed(buf, from);
      } catch {
        this.conn.socket.destroy();
        this.cleanup(false);
        return;
      }
      if (at >= 0) {
        end = at;
        complete = true;
      }
    } else if (!this.untilClose) {
      const take = Math.min(this.remaining, buf.length - from);
      this.remaining -= take;
      end = from + take;
      complete = this.remaining === 0;
    }
    if (head !== undefined) {
      const headBytes = head.length;
      const out = Buffer.allocUnsafe(headBytes + end - from);
      out.write(head, 0, 'latin1');
      buf.copy(out, headBytes, from, end);
      this.writeClient(out);
    } else if (end > from) this.writeClient(from === 0 && end === buf.length ? buf : buf.subarray(from, end));
    if (!complete) return;
    // Bytes after the end of the answer: the connection is out of step, never reuse it.
    if (end < buf.length) this.upstreamCloses = true;
    this.finish();
  }

  private writeClient(data: Buffer): void {
    const up = this.up;
    if (!this.conn.socket.write(data) && up) {
      up.pause();
      this.conn.socket.once('drain', () => {
        if (this.up === up) up.resume();
      });
    }
  }

  private readonly onUpClose = (): void => {
    if (this.phase === 'head') {
      this.detach(false);
      this.retryOrFail();
    } else if (this.phase === 'body') {
      if (this.untilClose) this.finish();
      else {
        // Cut short: the client must not take a partial answer for a complete one.
        this.cleanup(false);
        this.conn.socket.destroy();
      }
    }
  };

  private upstreamBroken(): void {
    this.detach(false);
    this.reply(502, this.backend?.key ?? '', this.endpoint?.key ?? '');
  }

  private retryOrFail(): void {
    const ctx = this.conn.ctx;
    const endpoint = this.endpoint as Endpoint;
    if (this.tries < ctx.timeouts.tries && idempotent.has(this.req.method)) {
      countRetry(this.ingress, this.backend?.key ?? '', endpoint.key);
      this.tried ??= new Set();
      this.tried.add(endpoint.key);
      this.attempt();
      return;
    }
    this.reply(502, this.backend?.key ?? '', endpoint.key);
  }

  /** Detaches from the upstream connection: back to the pool when it can carry another exchange. */
  private detach(reusable: boolean): void {
    const up = this.up;
    this.up = undefined;
    this.conn.ctx.active.delete(this);
    if (!up) return;
    up.off('data', this.onUpData);
    up.off('close', this.onUpClose);
    up.off('error', noop);
    if (reusable && !up.destroyed) this.conn.ctx.sockets.release(this.endpoint as Endpoint, up, this.lastActivity);
    else up.destroy();
  }

  private finish(): void {
    this.cleanup(!this.upstreamCloses);
    this.conn.done(this.clientClose);
  }

  private cleanup(reusable: boolean): void {
    this.phase = 'done';
    this.detach(reusable);
  }

  /** Answers with the controller's own page and ends the exchange. */
  private reply(status: number, service: string, endpoint: string, detail?: string): void {
    this.cleanup(false);
    countRequest(this.ingress, service, endpoint, status);
    const text = rawErrorResponse(status, detail, { close: this.clientClose, head: this.req.method === 'HEAD' });
    this.conn.socket.write(text, 'latin1');
    this.conn.done(this.clientClose);
  }

  /** The client went away. */
  abort(): void {
    this.cancelConnect?.();
    this.cancelConnect = undefined;
    this.cleanup(false);
  }

  /** 504 when the upstream has said nothing for the read timeout; a stalled answer is cut. */
  checkTimeout(now: number): void {
    if (now - this.lastActivity < this.conn.ctx.timeouts.readTimeoutMs) return;
    if (this.phase === 'head') {
      this.detach(false);
      this.reply(504, this.backend?.key ?? '', this.endpoint?.key ?? '');
    } else if (this.phase === 'body') {
      this.cleanup(false);
      this.conn.socket.destroy();
    }
  }
}

function noop(): void {}
