/**
 * Upgrade requests (`Connection: Upgrade`) through the normal API pipeline: node:http hands them over as a raw
 * socket, so this adapter gives the pipeline an ApiRequest and an ApiResponse that writes plain HTTP/1.1 on that
 * socket. Routing, 404s and errors therefore behave as for any request; the streaming subresource handlers
 * (pods/exec, attach, portforward) find the socket with `upgradeOf(req)` and take the connection over.
 */
import { type IncomingMessage, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ApiRequest, ApiRequestHandler, ApiResponse, StreamResponse, UserInfo } from '../../api/http-types.js';

export interface UpgradeContext {
  req: IncomingMessage;
  socket: Duplex;
  /** Bytes that arrived after the request head (the first frames of the new protocol). */
  head: Buffer;
  /** Set by the handler that took the connection over. */
  claimed: boolean;
}

/** The hook http-server.ts calls for upgrade requests, after authentication. */
export type UpgradeHook = (req: IncomingMessage, socket: Duplex, head: Buffer, user: UserInfo) => void;

const contexts = new WeakMap<ApiRequest, UpgradeContext>();

/** The raw connection behind a request, when it asked for an upgrade. */
export function upgradeOf(req: ApiRequest): UpgradeContext | undefined {
  return contexts.get(req);
}

/** Writes a complete HTTP/1.1 response head (and body) on a raw socket. */
export function writeHead(socket: Duplex, status: number, headers: Record<string, string | string[]>): void {
  const lines = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Unknown'}`];
  for (const [name, value] of Object.entries(headers)) {
    for (const v of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${v}`);
  }
  socket.write(`${lines.join('\r\n')}\r\n\r\n`);
}

function socketResponse(ctx: UpgradeContext): { res: ApiResponse; answered: () => boolean } {
  const { socket } = ctx;
  const warnings: string[] = [];
  let sent = false;
  const head = (status: number, contentType: string, length?: number) => {
    sent = true;
    const headers: Record<string, string | string[]> = { 'Content-Type': contentType, Connection: 'close' };
    if (length !== undefined) headers['Content-Length'] = String(length);
    if (warnings.length > 0) headers.Warning = warnings.map((w) => `299 - ${JSON.stringify(w)}`);
    writeHead(socket, status, headers);
  };
  const send = (status: number, contentType: string, body: Buffer | string) => {
    if (sent || ctx.claimed) return;
    head(status, contentType, Buffer.byteLength(body));
    socket.end(body);
  };
  const res: ApiResponse = {
    addWarning: (text) => warnings.push(text),
    sendJson: (status, body, contentType = 'application/json') => send(status, contentType, JSON.stringify(body)),
    sendRaw: send,
    openStream(status, contentType): StreamResponse {
      head(status, contentType);
      const listeners: (() => void)[] = [];
      let closed = false;
      const fire = () => {
        if (closed) return;
        closed = true;
        for (const l of listeners) l();
      };
      socket.on('close', fire);
      return {
        write: (chunk) => {
          if (!closed) socket.write(chunk);
        },
        end: () => {
          socket.end();
          fire();
        },
        onClose: (l) => {
          if (closed) l();
          else listeners.push(l);
        },
      };
    },
  };
  return { res, answered: () => sent };
}

/** Turns upgrade requests into pipeline requests; `api` routes them (see ApiHandlerOptions.subresources). */
export function upgradeHandler(api: ApiRequestHandler): UpgradeHook {
  return (req, socket, head, user) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'https://localhost');
    const ctx: UpgradeContext = { req, socket, head, claimed: false };
    const apiReq: ApiRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      header: (name) => {
        const v = req.headers[name.toLowerCase()];
        return Array.isArray(v) ? v.join(', ') : v;
      },
      readBody: () => Promise.resolve(Buffer.alloc(0)),
      user,
    };
    contexts.set(apiReq, ctx);
    const { res, answered } = socketResponse(ctx);
    void api.handle(apiReq, res).finally(() => {
      if (!ctx.claimed && !answered()) socket.destroy();
    });
  };
}
