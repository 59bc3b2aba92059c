/**
 * Authentication: the admin bearer token from the kubeconfig, or a client certificate signed by the cluster CA.
 * Anonymous requests may read only version and health endpoints (Kubernetes' system:public-info-viewer).
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { UserInfo } from '../api/http-types.js';

const publicPaths = ['/version', '/healthz', '/livez', '/readyz'];

export function isPublicPath(path: string): boolean {
  return publicPaths.some((p) => path === p || path.startsWith(`${p}/`));
}

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

export interface Authenticator {
  authenticate(req: IncomingMessage): UserInfo | undefined;
}

export function tokenAndCertAuthenticator(tokens: ReadonlyMap<string, UserInfo>): Authenticator {
  return {
    authenticate(req) {
      const header = req.headers.authorization;
      if (header?.startsWith('Bearer ')) {
        const presented = header.slice('Bearer '.length).trim();
        for (const [token, user] of tokens) if (safeEqual(token, presented)) return user;
        return undefined;
      }
      const socket = req.socket as TLSSocket;
      if (socket.authorized) {
        const cert = socket.getPeerCertificate();
        const subject = cert?.subject as unknown as Record<string, string | string[]> | undefined;
        const cn = subject?.CN;
        const o = subject?.O;
        if (typeof cn === 'string' && cn) return { name: cn, groups: Array.isArray(o) ? o : o ? [o] : [] };
      }
      return undefined;
    },
  };
}
