/**
 * kubectl's port-forward connection: SPDY/3.1, either on the upgraded socket (`Upgrade: SPDY/3.1`,
 * `X-Stream-Protocol-Version: portforward.k8s.io`; kubectl <= 1.30) or tunnelled in WebSocket binary messages
 * (subprotocol `SPDY/3.1+portforward.k8s.io`; kubectl >= 1.31), whose payloads, concatenated, are the same byte
 * stream.
 */
import { createWebSocketStream } from 'ws';
import { PortForwardStreams, type PortForwardTarget } from './port-forward-spdy.js';
import { SpdySession } from './spdy-session.js';
import { acceptSpdy, negotiateStreamProtocol, tune } from './spdy-upgrade.js';
import type { UpgradeContext } from './upgrade-request.js';
import { acceptWebSocket } from './ws-upgrade.js';

export const spdyTunnelProtocol = 'SPDY/3.1+portforward.k8s.io';
export const portForwardSpdyProtocol = 'portforward.k8s.io';

export interface PortForwardSession {
  /** Ends the session (GOAWAY, then the connection): kubectl reports "lost connection to pod". */
  close(): void;
  closed: Promise<void>;
}

/** Negotiates (throwing before anything is written) and serves the session. */
export function servePortForwardTunnel(
  ctx: UpgradeContext,
  target: PortForwardTarget,
  tunnelled: boolean,
): PortForwardSession {
  const streams = new PortForwardStreams(target);
  let session: SpdySession | undefined;
  let closing = false;
  let markClosed: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    markClosed = resolve;
  });
  const attach = (s: SpdySession) => {
    session = s;
    s.once('close', () => {
      streams.close();
      markClosed();
    });
    if (closing) void s.close();
  };
  if (tunnelled) {
    void acceptWebSocket(ctx, spdyTunnelProtocol).then((ws) => {
      tune(ctx.socket);
      attach(new SpdySession(createWebSocketStream(ws), { role: 'server', onStream: streams.onStream }));
    });
  } else {
    const protocol = negotiateStreamProtocol(ctx, [portForwardSpdyProtocol]);
    attach(acceptSpdy(ctx, protocol, streams.onStream));
  }
  return {
    close() {
      closing = true;
      streams.close();
      if (session) void session.close();
    },
    closed,
  };
}
