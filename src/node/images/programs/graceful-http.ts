/**
 * An HTTP server that stops gracefully: on shutdown it stops accepting connections, lets requests in flight
 * finish (their responses close the connection), drops idle keep-alive connections, and resolves once every
 * connection is gone (or cuts the rest after a timeout).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface GracefulServer {
  server: Server;
  port: number;
  /** Stops accepting, waits for requests in flight; after `timeoutMs` remaining connections are cut. */
  shutdown(timeoutMs?: number): Promise<void>;
}

/** Listens on `host:port` (rejects with the listen error, e.g. EACCES or EADDRINUSE). */
export function listenHttp(handler: RequestHandler, host: string, port: number): Promise<GracefulServer> {
  let closing = false;
  const server = createServer((req, res) => {
    if (closing) res.setHeader('Connection', 'close');
    Promise.resolve(handler(req, res)).catch((err: unknown) => {
      process.stderr.write(`http: panic serving ${req.socket.remoteAddress}: ${String(err)}\n`);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.keepAliveTimeout = 30_000;
  let shutdownPromise: Promise<void> | undefined;
  const shutdown = (timeoutMs = Number.POSITIVE_INFINITY): Promise<void> => {
    shutdownPromise ??= new Promise<void>((resolve) => {
      closing = true;
      const idleSweep = setInterval(() => server.closeIdleConnections(), 50);
      const deadline = Number.isFinite(timeoutMs)
        ? setTimeout(() => server.closeAllConnections(), Math.max(0, timeoutMs))
        : undefined;
      server.close(() => {
        clearInterval(idleSweep);
        if (deadline) clearTimeout(deadline);
        resolve();
      });
      server.closeIdleConnections();
    });
    return shutdownPromise;
  };
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', reject);
      resolve({ server, port: (server.address() as AddressInfo).port, shutdown });
    });
  });
}

/** `ip:port` of the client, as Go's `r.RemoteAddr`. */
export function remoteAddr(req: IncomingMessage): string {
  let ip = req.socket.remoteAddress ?? '';
  if (ip.startsWith('::ffff:') && ip.includes('.')) ip = ip.slice('::ffff:'.length);
  return ip.includes(':') ? `[${ip}]:${req.socket.remotePort}` : `${ip}:${req.socket.remotePort}`;
}

export interface ServeOptions {
  /** Signals that start the graceful shutdown (default SIGTERM and SIGINT). */
  signals?: readonly NodeJS.Signals[];
  /** Called on the signal, before the shutdown starts (a log line). */
  onSignal?: (signal: NodeJS.Signals) => void;
  /** Exit code once every connection is gone (default 0). */
  exitCode?: number;
  /** How long requests in flight may take after the signal (default: until they finish). */
  timeoutMs?: number;
}

/**
 * Listens, and on the first termination signal shuts down gracefully and exits. Signal handlers are installed
 * before listening, so an early SIGTERM also ends the program cleanly.
 */
export function serveUntilSignalled(
  handler: RequestHandler,
  host: string,
  port: number,
  options: ServeOptions = {},
): Promise<GracefulServer> {
  let server: GracefulServer | undefined;
  let stopping = false;
  const stop = (): void => {
    stopping = true;
    if (server === undefined) return;
    void server.shutdown(options.timeoutMs).then(() => process.exit(options.exitCode ?? 0));
  };
  let signalled = false;
  for (const signal of options.signals ?? ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => {
      if (signalled) return;
      signalled = true;
      options.onSignal?.(signal);
      stop();
    });
  }
  return listenHttp(handler, host, port).then((s) => {
    server = s;
    if (stopping) stop();
    return s;
  });
}
