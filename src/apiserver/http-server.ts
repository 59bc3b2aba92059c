/**
 * The HTTPS front of the API server: TLS with the cluster's serving certificate (client certificates optional and
 * verified against the CA), authentication, body limits, and the node:http adapter of ApiRequest/ApiResponse.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ApiRequest, ApiResponse, StreamResponse, UserInfo } from '../api/http-types.js';
import { StatusError } from '../api/status-error.js';
import type { ApiHandler } from './api-handler.js';
import { type Authenticator, isPublicPath } from './auth.js';
import { maxBodyBytes } from './body-decoder.js';

export interface HttpServerOptions {
  host: string;
  port: number;
  certPem: string;
  keyPem: string;
  caPem: string;
  authenticator: Authenticator;
  /**
   * Takes HTTP upgrade requests (exec, attach, port-forward) once the client is authenticated; the socket is
   * its own from then on. Without it, upgrade requests are served as ordinary requests.
   */
  onUpgrade?: (req: IncomingMessage, socket: Duplex, head: Buffer, user: UserInfo) => void;
}

export interface ListeningServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

/** Bytes read past the limit before the connection is cut (so the client still reads the 413). */
const drainLimit = 16 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = Number(req.headers['content-length'] ?? '0') > maxBodyBytes;
    if (refused) reject(tooLarge());
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (refused) {
        if (size > drainLimit) req.destroy();
        return;
      }
      if (size > maxBodyBytes) {
        refused = true;
        chunks.length = 0;
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function tooLarge(): StatusError {
  return new StatusError('RequestEntityTooLarge', `Request entity too large: limit is ${maxBodyBytes}`);
}

function adapt(req: IncomingMessage, res: ServerResponse, user: UserInfo): { apiReq: ApiRequest; apiRes: ApiResponse } {
  const url = new URL(req.url ?? '/', 'https://localhost');
  let bodyPromise: Promise<Buffer> | undefined;
  const warnings: string[] = [];
  const apiReq: ApiRequest = {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    header: (name) => {
      const v = req.headers[name.toLowerCase()];
      return Array.isArray(v) ? v.join(', ') : v;
    },
    readBody: () => {
      bodyPromise ??= readBody(req);
      return bodyPromise;
    },
    user,
  };
  const withWarnings = (headers: Record<string, string | string[]>) => {
    if (warnings.length > 0) headers.Warning = warnings.map((w) => `299 - ${JSON.stringify(w)}`);
    return headers;
  };
  const apiRes: ApiResponse = {
    addWarning: (text) => warnings.push(text),
    sendJson(status, body, contentType = 'application/json') {
      if (res.headersSent) return;
      const text = JSON.stringify(body);
      res.writeHead(
        status,
        withWarnings({ 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(text)) }),
      );
      res.end(text);
    },
    sendRaw(status, contentType, body) {
      if (res.headersSent) return;
      res.writeHead(
        status,
        withWarnings({ 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(body)) }),
      );
      res.end(body);
    },
    openStream(status, contentType): StreamResponse {
      res.writeHead(status, withWarnings({ 'Content-Type': contentType, 'Cache-Control': 'no-cache, private' }));
      res.flushHeaders();
      const listeners: (() => void)[] = [];
      let closed = false;
      const fire = () => {
        if (closed) return;
        closed = true;
        for (const l of listeners) l();
      };
      res.on('close', fire);
      return {
        write: (chunk) => {
          if (!closed) res.write(chunk);
        },
        end: () => {
          if (!res.writableEnded) res.end();
          fire();
        },
        onClose: (l) => {
          if (closed) l();
          else listeners.push(l);
        },
      };
    },
  };
  return { apiReq, apiRes };
}

const unauthorized = JSON.stringify({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: 'Unauthorized',
  reason: 'Unauthorized',
  code: 401,
});

export function listenHttps(handler: ApiHandler, options: HttpServerOptions): Promise<ListeningServer> {
  const server = createServer(
    {
      key: options.keyPem,
      cert: options.certPem,
      ca: options.caPem,
      requestCert: true,
      rejectUnauthorized: false,
    },
    (req, res) => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const user = options.authenticator.authenticate(req) ?? (isPublicPath(path) ? anonymous : undefined);
      if (!user) {
        res.writeHead(401, { 'Content-Type': 'application/json', 'Content-Length': String(unauthorized.length) });
        res.end(unauthorized);
        return;
      }
      const { apiReq, apiRes } = adapt(req, res, user);
      void handler.handle(apiReq, apiRes);
    },
  );
  const upgraded = new Set<Duplex>();
  const onUpgrade = options.onUpgrade;
  if (onUpgrade) {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const user = options.authenticator.authenticate(req) ?? (isPublicPath(path) ? anonymous : undefined);
      if (!user) {
        socket.end(
          `HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: ${unauthorized.length}\r\n` +
            `Connection: close\r\n\r\n${unauthorized}`,
        );
        return;
      }
      upgraded.add(socket);
      socket.once('close', () => upgraded.delete(socket));
      onUpgrade(req, socket, head, user);
    });
  }
  // Go clients keep idle connections for 90 s; closing them earlier makes a non-idempotent request fail.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 0;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const port = (server.address() as AddressInfo).port;
      resolve({
        server,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
            for (const socket of upgraded) socket.destroy();
          }),
      });
    });
  });
}

const anonymous: UserInfo = { name: 'system:anonymous', groups: ['system:unauthenticated'] };
