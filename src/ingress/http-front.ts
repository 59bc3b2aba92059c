/**
 * The listening side: a TCP server on the HTTP port and, when configured, a TLS server on the HTTPS port
 * choosing certificates by SNI. Connections start on the fast path (`fast-path.ts`); connections it does not
 * handle are passed to a node:http server (not listening itself) that proxies requests and upgrades with
 * node:http (`proxy-request.ts`, `proxy-upgrade.ts`). With `fastPath: false` every connection goes to node:http.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { type FastContext, serveConnection, sweepFast } from './fast-path.js';
import type { ClientInfo } from './forwarded-headers.js';
import { proxyRequest } from './proxy-request.js';
import { proxyUpgrade } from './proxy-upgrade.js';
import type { KeyPair, TlsContexts } from './tls-contexts.js';

export interface FrontOptions {
  host: string;
  httpPort: number;
  httpsPort?: number;
  /** Default true. */
  fastPath?: boolean;
}

export interface Front {
  /** The bound ports (useful with port 0). */
  httpPort: number;
  httpsPort: number | undefined;
  /** Replaces the certificate served without SNI or for names no Secret covers. */
  setDefaultCertificate(pair: KeyPair): void;
  close(): Promise<void>;
}

/** ingress-nginx's `keep-alive` (client keep-alive timeout). */
const clientKeepAliveMs = 75_000;

function clientInfo(socket: Socket, scheme: 'http' | 'https', port: () => number): ClientInfo {
  return { remoteAddress: socket.remoteAddress ?? '', scheme, serverPort: port() };
}

/** The node:http side, fed connections by the listeners. */
function slowServer(ctx: FastContext, scheme: 'http' | 'https', port: () => number): Server {
  const server = createHttpServer();
  server.keepAliveTimeout = clientKeepAliveMs;
  server.headersTimeout = 60_000;
  server.requestTimeout = 0;
  server.on('request', (req: IncomingMessage, res: ServerResponse) =>
    proxyRequest(ctx, req, res, clientInfo(req.socket, scheme, port)),
  );
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
    proxyUpgrade(ctx, req, socket, head, clientInfo(req.socket, scheme, port)),
  );
  return server;
}

function listen(server: NetServer, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Starts listening; rejects when a port cannot be bound (EADDRINUSE, EACCES). */
export async function startFront(
  ctx: FastContext,
  tls: TlsContexts | undefined,
  options: FrontOptions,
): Promise<Front> {
  const fast = options.fastPath ?? true;
  const connections = new Set<Socket>();
  const track = (socket: Socket) => {
    connections.add(socket);
    socket.once('close', () => connections.delete(socket));
    socket.setTimeout(clientKeepAliveMs, () => socket.destroy());
  };
  let httpPort = options.httpPort;
  let httpsPort = options.httpsPort;
  const slowHttp = slowServer(ctx, 'http', () => httpPort);
  const slowHttps = slowServer(ctx, 'https', () => httpsPort ?? 443);
  const accept = (scheme: 'http' | 'https', slow: Server) => (socket: Socket) => {
    track(socket);
    socket.setNoDelay(true);
    if (fast)
      serveConnection(
        ctx,
        socket,
        clientInfo(socket, scheme, () => (scheme === 'http' ? httpPort : (httpsPort ?? 443))),
        slow,
      );
    else slow.emit('connection', socket);
  };
  const plain = createNetServer({ noDelay: true }, accept('http', slowHttp));
  httpPort = await listen(plain, options.host, options.httpPort);
  let secure: TlsServer | undefined;
  if (options.httpsPort !== undefined && tls) {
    const server = createTlsServer({ SNICallback: tls.sniCallback, ...(tls.defaultKeyPair() ?? {}) });
    secure = server;
    server.on('secureConnection', accept('https', slowHttps));
    // A failed handshake (unknown name without a default certificate, a client hanging up) is the client's.
    server.on('tlsClientError', () => {});
    try {
      httpsPort = await listen(server, options.host, options.httpsPort);
    } catch (err) {
      plain.close();
      throw err;
    }
  }
  const sweeper = setInterval(() => sweepFast(ctx, Date.now()), 1000);
  sweeper.unref();
  return {
    httpPort,
    httpsPort: secure ? httpsPort : undefined,
    setDefaultCertificate(pair) {
      secure?.setSecureContext(pair);
    },
    async close() {
      clearInterval(sweeper);
      const closed = [plain, secure].map(
        (s) => new Promise<void>((resolve) => (s ? s.close(() => resolve()) : resolve())),
      );
      for (const socket of connections) socket.destroy();
      ctx.sockets.destroy();
      await Promise.all(closed);
    },
  };
}
