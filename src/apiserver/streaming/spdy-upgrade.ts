/**
 * The raw SPDY/3.1 upgrade (kubectl <= 1.30, and the fallback of later versions): sub-protocol negotiation through
 * `X-Stream-Protocol-Version` (k8s.io/apimachinery httpstream.Handshake), the 101 response, then a server-role
 * SPDY session on the socket.
 */
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { PlainTextError } from './pod-checks.js';
import { SpdySession } from './spdy-session.js';
import type { SpdyStream } from './spdy-stream.js';
import { type UpgradeContext, writeHead } from './upgrade-request.js';

const protocolHeader = 'x-stream-protocol-version';

export function isSpdyRequest(ctx: UpgradeContext): boolean {
  return (ctx.req.headers.upgrade ?? '').toLowerCase().startsWith('spdy/3');
}

/** The client's first protocol that the server supports, as httpstream.Handshake picks it. */
export function negotiateStreamProtocol(ctx: UpgradeContext, supported: readonly string[]): string {
  const raw = ctx.req.headers[protocolHeader];
  const offered = (Array.isArray(raw) ? raw.join(',') : (raw ?? ''))
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (offered.length === 0) {
    throw new PlainTextError(400, 'unable to upgrade: X-Stream-Protocol-Version is required');
  }
  const match = offered.find((p) => supported.includes(p));
  if (match === undefined) {
    throw new PlainTextError(
      403,
      `unable to upgrade: unable to negotiate protocol: client supports [${offered.join(' ')}], server accepts [${supported.join(' ')}]`,
    );
  }
  return match;
}

/** Answers 101 with the negotiated protocol and serves SPDY on the connection. */
export function acceptSpdy(ctx: UpgradeContext, protocol: string, onStream: (s: SpdyStream) => void): SpdySession {
  ctx.claimed = true;
  const socket = ctx.socket;
  writeHead(socket, 101, {
    Connection: 'Upgrade',
    Upgrade: 'SPDY/3.1',
    'X-Stream-Protocol-Version': protocol,
  });
  tune(socket);
  if (ctx.head.length > 0) socket.unshift(ctx.head);
  return new SpdySession(socket, { role: 'server', onStream });
}

/** No Nagle delay and no idle timeout on a long-lived streaming connection. */
export function tune(socket: Duplex): void {
  const s = socket as Partial<Socket>;
  s.setNoDelay?.(true);
  s.setTimeout?.(0);
}
