/**
 * Header handling between client and upstream: hop-by-hop headers (RFC 9110 §7.6.1, plus those the
 * `Connection` header names) are not forwarded either way, and requests carry the client's identity as
 * ingress-nginx sets it by default (the ingress is the edge, so incoming `X-Forwarded-*` are replaced, not
 * trusted). Headers travel as raw `[name, value, ...]` lists, keeping duplicates and case.
 */

const hopByHop = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'expect',
]);

/** Set by the ingress on every request; the client's values are dropped. */
const replacedOnRequest = new Set([
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-port',
  'x-forwarded-proto',
  'x-forwarded-scheme',
  'x-real-ip',
]);

/** Who the client is, as seen by the ingress. */
export interface ClientInfo {
  remoteAddress: string;
  scheme: 'http' | 'https';
  /** The port the client connected to. */
  serverPort: number;
}

/** Header names listed in `Connection` (lower case), or undefined. */
function connectionTokens(raw: readonly string[]): Set<string> | undefined {
  let tokens: Set<string> | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    if ((raw[i] as string).toLowerCase() !== 'connection') continue;
    for (const t of (raw[i + 1] as string).split(',')) {
      const name = t.trim().toLowerCase();
      if (!name || name === 'close' || name === 'keep-alive' || name === 'upgrade') continue;
      tokens ??= new Set();
      tokens.add(name);
    }
  }
  return tokens;
}

function clientIp(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/**
 * The request headers sent upstream: the client's minus hop-by-hop and forwarding headers, plus
 * `X-Forwarded-For/-Host/-Port/-Proto/-Scheme` and `X-Real-IP`; for an upgrade, `Connection: upgrade` and the
 * client's `Upgrade`.
 */
export function upstreamRequestHeaders(raw: readonly string[], client: ClientInfo, upgrade?: string): string[] {
  const named = connectionTokens(raw);
  const out: string[] = [];
  let host = '';
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    const lower = name.toLowerCase();
    if (hopByHop.has(lower) || replacedOnRequest.has(lower) || named?.has(lower)) continue;
    const value = raw[i + 1] as string;
    if (lower === 'host') host = value;
    out.push(name, value);
  }
  const ip = clientIp(client.remoteAddress);
  out.push(
    'X-Real-IP',
    ip,
    'X-Forwarded-For',
    ip,
    'X-Forwarded-Host',
    host,
    'X-Forwarded-Port',
    String(client.serverPort),
    'X-Forwarded-Proto',
    client.scheme,
    'X-Forwarded-Scheme',
    client.scheme,
  );
  if (upgrade !== undefined) out.push('Connection', 'upgrade', 'Upgrade', upgrade);
  return out;
}

/**
 * The response headers returned to the client: the upstream's minus hop-by-hop ones; `keepFraming` keeps
 * `Transfer-Encoding` for a body passed through still encoded.
 */
export function clientResponseHeaders(raw: readonly string[], keepFraming = false): string[] {
  const named = connectionTokens(raw);
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    const lower = name.toLowerCase();
    if ((hopByHop.has(lower) && !(keepFraming && lower === 'transfer-encoding')) || named?.has(lower)) continue;
    out.push(name, raw[i + 1] as string);
  }
  return out;
}
