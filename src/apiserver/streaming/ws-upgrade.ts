/**
 * The WebSocket handshake for streaming endpoints, with `ws`. Subprotocols are negotiated here rather than by
 * `ws`, because `ws` rejects `SPDY/3.1+portforward.k8s.io` (a `/` is not a token character) with a 400, after
 * which kubectl silently falls back to plain SPDY: the offered list is removed from the request before the
 * handshake and the chosen protocol added to the 101 response.
 */
import type { IncomingMessage } from 'node:http';
import { type WebSocket, WebSocketServer } from 'ws';
import { badRequest } from '../../api/status-error.js';
import type { UpgradeContext } from './upgrade-request.js';

const chosenProtocol = new WeakMap<IncomingMessage, string>();

const server = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 64 * 1024 * 1024 });
server.on('headers', (headers: string[], req: IncomingMessage) => {
  const protocol = chosenProtocol.get(req);
  if (protocol) headers.push(`Sec-WebSocket-Protocol: ${protocol}`);
});

export function isWebSocketRequest(ctx: UpgradeContext): boolean {
  return (ctx.req.headers.upgrade ?? '').toLowerCase() === 'websocket';
}

/** The subprotocols the client offered, in its order of preference. */
export function offeredProtocols(req: IncomingMessage): string[] {
  const header = req.headers['sec-websocket-protocol'];
  const all = Array.isArray(header) ? header.join(',') : (header ?? '');
  return all
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/**
 * Picks the first protocol the client offered that `supported` has ('' when the client offered none); throws a
 * BadRequest when it offered only others (before anything is written, so the caller answers with a Status).
 */
export function negotiateWebSocketProtocol(req: IncomingMessage, supported: readonly string[]): string {
  const offered = offeredProtocols(req);
  if (offered.length === 0) return '';
  const match = offered.find((p) => supported.includes(p));
  if (match === undefined) {
    throw badRequest(
      `unable to upgrade: requested protocol(s) are not supported: [${offered.join(' ')}]; supports [${supported.join(' ')}]`,
    );
  }
  return match;
}

/** Completes the handshake with the given (already negotiated) protocol and claims the connection. */
export function acceptWebSocket(ctx: UpgradeContext, protocol: string): Promise<WebSocket> {
  ctx.claimed = true;
  const { req, socket, head } = ctx;
  delete req.headers['sec-websocket-protocol'];
  if (protocol) chosenProtocol.set(req, protocol);
  return new Promise((resolve) => server.handleUpgrade(req, socket, head, (ws) => resolve(ws)));
}
