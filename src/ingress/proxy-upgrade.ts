/**
 * HTTP upgrade pass-through (WebSocket and any other `Upgrade`): the request is routed like any other, sent to
 * an endpoint on a fresh connection (retried on another endpoint when the connection fails, as for GET), and
 * once the endpoint answers `101 Switching Protocols` the two sockets are joined byte for byte. Any other answer
 * is relayed and the connection closed.
 */
import { type IncomingMessage, request } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { countRequest, countRetry } from './counters.js';
import { rawErrorResponse } from './error-pages.js';
import { type ClientInfo, upstreamRequestHeaders } from './forwarded-headers.js';
import { requestHost } from './host-match.js';
import { requestPath } from './path-match.js';
import type { ProxyContext } from './proxy-request.js';

function head(statusLine: string, raw: readonly string[]): string {
  let out = `${statusLine}\r\n`;
  for (let i = 0; i < raw.length; i += 2) out += `${raw[i]}: ${raw[i + 1]}\r\n`;
  return `${out}\r\n`;
}

function join(a: Duplex, b: Duplex): void {
  const end = () => {
    a.destroy();
    b.destroy();
  };
  a.on('error', end);
  b.on('error', end);
  a.on('close', end);
  b.on('close', end);
  a.pipe(b);
  b.pipe(a);
}

/** Routes an upgrade request and joins the client socket to an endpoint's, or answers with an error page. */
export function proxyUpgrade(
  ctx: ProxyContext,
  req: IncomingMessage,
  socket: Duplex,
  clientHead: Buffer,
  client: ClientInfo,
): void {
  socket.on('error', () => socket.destroy());
  const route = ctx.plane.route(requestHost(req.headers.host), requestPath(req.url ?? '/'));
  const refuse = (status: number, ingress = '', service = '', endpoint = '') => {
    countRequest(ingress, service, endpoint, status);
    socket.end(rawErrorResponse(status));
  };
  if (!route) {
    refuse(404);
    return;
  }
  const service = route.service;
  if (!service) {
    refuse(503, route.ingress);
    return;
  }
  const headers = upstreamRequestHeaders(req.rawHeaders, client, req.headers.upgrade ?? 'websocket');
  const tried = new Set<string>();

  const attempt = (): void => {
    const backend = ctx.plane.backend(service);
    const endpoint = ctx.pool.pick(backend.key, backend.endpoints, tried);
    if (!endpoint) {
      refuse(tried.size === 0 ? 503 : 502, route.ingress, backend.key);
      return;
    }
    tried.add(endpoint.key);
    let connected = false;
    const up = request({
      host: endpoint.ip,
      port: endpoint.port,
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers,
      setHost: false,
      agent: false,
    });
    const timer = setTimeout(() => up.destroy(new Error('upstream connect timeout')), ctx.timeouts.connectTimeoutMs);
    up.once('socket', (s: Socket) =>
      s.once('connect', () => {
        connected = true;
        clearTimeout(timer);
      }),
    );
    const onClientGone = () => up.destroy();
    socket.once('close', onClientGone);
    up.on('upgrade', (upRes, upSocket, upHead) => {
      socket.off('close', onClientGone);
      countRequest(route.ingress, backend.key, endpoint.key, upRes.statusCode ?? 101);
      ctx.pool.markHealthy(endpoint);
      socket.write(head(`HTTP/1.1 ${upRes.statusCode} ${upRes.statusMessage}`, upRes.rawHeaders));
      if (upHead.length > 0) socket.write(upHead);
      if (clientHead.length > 0) upSocket.write(clientHead);
      (upSocket as Socket).setNoDelay(true);
      // A joined connection lives as long as both sides keep it: no idle timeout of the listener applies.
      (socket as Partial<Socket>).setTimeout?.(0);
      join(socket, upSocket);
    });
    up.on('response', (upRes) => {
      socket.off('close', onClientGone);
      countRequest(route.ingress, backend.key, endpoint.key, upRes.statusCode ?? 502);
      const chunks: Buffer[] = [];
      upRes.on('data', (c: Buffer) => chunks.push(c));
      upRes.on('end', () => {
        const body = Buffer.concat(chunks);
        const raw = upRes.rawHeaders.filter((_, i, all) => {
          const name = (i % 2 === 0 ? all[i] : all[i - 1])?.toLowerCase();
          return name !== 'connection' && name !== 'transfer-encoding' && name !== 'content-length';
        });
        raw.push('Content-Length', String(body.length), 'Connection', 'close');
        socket.end(
          Buffer.concat([Buffer.from(head(`HTTP/1.1 ${upRes.statusCode} ${upRes.statusMessage}`, raw)), body]),
        );
      });
      upRes.on('error', () => socket.destroy());
    });
    up.on('error', () => {
      clearTimeout(timer);
      socket.off('close', onClientGone);
      if (socket.destroyed) return;
      if (!connected) ctx.pool.markFailed(endpoint);
      if (tried.size < ctx.timeouts.tries) {
        countRetry(route.ingress, backend.key, endpoint.key);
        attempt();
        return;
      }
      refuse(502, route.ingress, backend.key, endpoint.key);
    });
    up.end();
  };
  attempt();
}
