/**
 * TLS for the HTTPS port: the certificate for each SNI server name comes from the `spec.tls` Secret covering it
 * (`tls.crt`/`tls.key`, as `kubernetes.io/tls` Secrets hold them). Contexts are cached per Secret
 * resourceVersion, so a changed Secret is picked up by the next handshake; names no Secret covers, and clients
 * without SNI, get the default certificate (the oldest Ingress's first TLS Secret).
 */
import { createSecureContext, type SecureContext } from 'node:tls';
import type { Informer, Logger } from '../client/framework-types.js';
import { requestHost } from './host-match.js';
import type { Secret } from './kinds.js';
import type { RouteTable, SecretRef } from './route-table.js';

export interface KeyPair {
  cert: string;
  key: string;
}

/** The PEM certificate chain and key of a TLS Secret, or undefined when either is missing. */
export function keyPairOf(secret: Secret | undefined): KeyPair | undefined {
  const cert = secret?.data?.['tls.crt'];
  const key = secret?.data?.['tls.key'];
  if (!cert || !key) return undefined;
  return { cert: Buffer.from(cert, 'base64').toString('utf8'), key: Buffer.from(key, 'base64').toString('utf8') };
}

interface CachedContext {
  resourceVersion: string;
  context: SecureContext | undefined;
}

export class TlsContexts {
  private readonly cache = new Map<string, CachedContext>();

  constructor(
    private readonly secrets: Informer<Secret>,
    private readonly routes: () => RouteTable,
    private readonly log: Logger,
  ) {}

  private secret(ref: SecretRef): Secret | undefined {
    return this.secrets.get(`${ref.namespace}/${ref.name}`);
  }

  /** The context of a Secret (undefined when missing or invalid, which is logged once per version). */
  contextFor(ref: SecretRef): SecureContext | undefined {
    const key = `${ref.namespace}/${ref.name}`;
    const secret = this.secret(ref);
    const rv = secret?.metadata.resourceVersion ?? '';
    const cached = this.cache.get(key);
    if (cached && cached.resourceVersion === rv) return cached.context;
    let context: SecureContext | undefined;
    const pair = keyPairOf(secret);
    if (!secret) this.log.error('TLS secret not found', { secret: key });
    else if (!pair) this.log.error('TLS secret lacks tls.crt or tls.key', { secret: key });
    else {
      try {
        context = createSecureContext(pair);
      } catch (err) {
        this.log.error('TLS secret holds an invalid certificate or key', { secret: key, err });
      }
    }
    this.cache.set(key, { resourceVersion: rv, context });
    return context;
  }

  /** The default certificate's key pair, for the server's own context. */
  defaultKeyPair(): KeyPair | undefined {
    const ref = this.routes().defaultTlsSecret();
    return ref ? keyPairOf(this.secret(ref)) : undefined;
  }

  /** node:tls `SNICallback`. */
  readonly sniCallback = (serverName: string, cb: (err: Error | null, ctx?: SecureContext) => void): void => {
    const table = this.routes();
    const ref = table.tlsSecret(requestHost(serverName)) ?? table.defaultTlsSecret();
    cb(null, ref ? this.contextFor(ref) : undefined);
  };

  /** Drops contexts of Secrets no longer referenced. */
  prune(): void {
    const live = new Set(
      this.routes()
        .tlsSecrets()
        .map((r) => `${r.namespace}/${r.name}`),
    );
    for (const key of this.cache.keys()) if (!live.has(key)) this.cache.delete(key);
  }
}
