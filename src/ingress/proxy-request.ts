/**
 * One proxied HTTP exchange through node:http, for what the fast path hands over (request bodies, HTTP/1.0,
 * `Expect`, ...): the route picks a backend, round-robin picks an endpoint, the request streams to it over a
 * keep-alive connection and the answer streams back. An attempt that fails before any response byte (refused,
 * reset, or no connection within the connect timeout) is retried on another endpoint when the method is
 * idempotent and the request body was not sent yet, up to `tries` attempts (nginx's
 * `proxy_next_upstream error timeout` with `proxy_next_upstream_tries 3`); otherwise the client gets a 502.
 */
import { type ClientRequest, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Endpoint } from './backend-endpoints.js';
import { countRequest, countRetry } from './counters.js';
import type { Backend, DataPlane } from './data-plane.js';
import { sendErrorPage } from './error-pages.js';
import { type ClientInfo, clientResponseHeaders, upstreamRequestHeaders } from './forwarded-headers.js';
import { requestHost } from './host-match.js';
import { requestPath } from './path-match.js';
import type { ServiceBackend } from './route-table.js';
import type { UpstreamPool } from './upstream-pool.js';

export interface ProxyTimeouts {
  /** Attempts per request, the first included (`proxy-next-upstream-tries`). */
  tries: number;
  /** A new upstream connection not established within this fails the attempt (retryable). */
  connectTimeoutMs: number;
  /** No response header within this after sending: 504, not retried (`proxy-read-timeout`). */
  readTimeoutMs: number;
}

export interface ProxyContext {
  plane: DataPlane;
  pool: UpstreamPool;
  timeouts: ProxyTimeouts;
}

/** Methods nginx retries by default (not POST, LOCK, PATCH). */
const idempotent = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);

class UpstreamTimeout extends Error {
  constructor(readonly phase: 'connect' | 'read') {
    super(`upstream ${phase} timeout`);
  }
}

/** Routes a request and answers it (proxied, or the controller's own 404/503). */
export function proxyRequest(ctx: ProxyContext, req: IncomingMessage, res: ServerResponse, client: ClientInfo): void {
  const route = ctx.plane.route(requestHost(req.headers.host), requestPath(req.url ?? '/'));
  if (!route) {
    countRequest('', '', '', 404);
    sendErrorPage(res, 404);
    return;
  }
  if (!route.service) {
    countRequest(route.ingress, '', '', 503);
    sendErrorPage(res, 503, 'resource backends are not supported');
    return;
  }
  new Exchange(ctx, req, res, client, route.ingress, route.service).attempt();
}

class Exchange {
  private tries = 0;
  private tried: Set<string> | undefined;
  private bodySent = false;
  private finished = false;
  private upstream: ClientRequest | undefined;
  private readonly hasBody: boolean;
  private readonly headers: string[];

  constructor(
    private readonly ctx: ProxyContext,
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    client: ClientInfo,
    private readonly ingress: string,
    private readonly service: ServiceBackend,
  ) {
    const length = req.headers['content-length'];
    const chunked = req.headers['transfer-encoding'] !== undefined;
    this.hasBody = chunked || (length !== undefined && length !== '0');
    this.headers = upstreamRequestHeaders(req.rawHeaders, client);
    if (chunked && length === undefined) this.headers.push('Transfer-Encoding', 'chunked');
    res.once('close', () => {
      // The client went away (or the answer is complete): nothing more to do upstream.
      this.finished = true;
      if (!res.writableFinished) this.upstream?.destroy();
    });
  }

  attempt(): void {
    const backend = this.ctx.plane.backend(this.service);
    const endpoint = this.ctx.pool.pick(backend.key, backend.endpoints, this.tried);
    if (!endpoint) {
      const status = this.tries === 0 ? 503 : 502;
      this.fail(backend, '', status);
      return;
    }
    this.tries++;
    const up = request({
      agent: this.ctx.pool.agent(endpoint),
      host: endpoint.ip,
      port: endpoint.port,
      method: this.req.method ?? 'GET',
      path: this.req.url ?? '/',
      headers: this.headers,
      setHost: false,
    });
    this.upstream = up;
    let connected = false;
    let responded = false;
    let connectTimer: NodeJS.Timeout | undefined;
    const onConnected = () => {
      connected = true;
      if (connectTimer) clearTimeout(connectTimer);
      if (this.hasBody && !this.finished) {
        this.bodySent = true;
        this.req.pipe(up);
      }
    };
    up.once('socket', (socket: Socket) => {
      if (socket.connecting) {
        connectTimer = setTimeout(() => up.destroy(new UpstreamTimeout('connect')), this.ctx.timeouts.connectTimeoutMs);
        socket.once('connect', onConnected);
      } else onConnected();
    });
    up.setTimeout(this.ctx.timeouts.readTimeoutMs, () => up.destroy(new UpstreamTimeout('read')));
    if (!this.hasBody) up.end();
    up.on('response', (upRes) => {
      responded = true;
      this.ctx.pool.markHealthy(endpoint);
      this.respond(backend, endpoint, upRes);
    });
    up.on('error', (err) => {
      if (connectTimer) clearTimeout(connectTimer);
      if (responded) {
        this.res.destroy();
        return;
      }
      if (this.finished) return;
      if (!connected) this.ctx.pool.markFailed(endpoint);
      const readTimeout = err instanceof UpstreamTimeout && err.phase === 'read';
      if (!readTimeout && this.canRetry()) {
        countRetry(this.ingress, backend.key, endpoint.key);
        this.tried ??= new Set();
        this.tried.add(endpoint.key);
        this.attempt();
        return;
      }
      this.fail(backend, endpoint.key, readTimeout ? 504 : 502);
    });
  }

  private canRetry(): boolean {
    if (this.tries >= this.ctx.timeouts.tries || this.res.headersSent) return false;
    if (!idempotent.has(this.req.method ?? 'GET')) return false;
    return !this.hasBody || !this.bodySent;
  }

  private respond(backend: Backend, endpoint: Endpoint, upRes: IncomingMessage): void {
    const res = this.res;
    const status = upRes.statusCode ?? 502;
    countRequest(this.ingress, backend.key, endpoint.key, status);
    res.writeHead(status, upRes.statusMessage, clientResponseHeaders(upRes.rawHeaders));
    upRes.pipe(res);
    // An answer cut short upstream cannot be completed: the client sees the connection end, not a short body.
    upRes.once('close', () => {
      if (!upRes.complete) res.destroy();
    });
  }

  private fail(backend: Backend, endpoint: string, status: number): void {
    this.finished = true;
    countRequest(this.ingress, backend.key, endpoint, status);
    if (this.hasBody && !this.bodySent) this.req.resume();
    sendErrorPage(this.res, status, status === 503 ? `service ${backend.key}` : undefined);
  }
}
