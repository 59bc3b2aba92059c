import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { HTTPGetAction } from 'kubernetes-types/core/v1.js';
import type { ProbeOutcome } from '../node-types.js';
import { goHttpError, joinHostPort, type SocketAddresses } from './go-net-errors.js';
import { ProbeError } from './probe-error.js';
import { resolveProbePort } from './probe-port.js';

/** `User-Agent` of the kubelet's probes (`kube-probe/<major>.<minor>` of the Kubernetes version we speak). */
export const probeUserAgent = 'kube-probe/1.33';

/** The kubelet reads at most this much of a probe's response body (`maxRespBodyLength`). */
export const maxProbeBodyBytes = 10 * 1024;

/** Go's http.Client stops after this many requests in one redirect chain. */
const maxRequests = 10;

const redirectCodes = new Set([301, 302, 303, 307, 308]);

/** Go's `CanonicalMIMEHeaderKey`: `content-type` -> `Content-Type` (left alone when not a valid token). */
export function canonicalHeaderName(name: string): string {
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) return name;
  return name.toLowerCase().replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

/**
 * The request headers of an httpGet probe as the kubelet builds them: the probe's `httpHeaders` (repeated names
 * kept), then `User-Agent: kube-probe/1.33` and `Accept: *\/*` unless given; an empty `Accept` removes it.
 */
export function probeHeaders(action: HTTPGetAction): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  for (const { name, value } of action.httpHeaders ?? []) {
    const key = canonicalHeaderName(name);
    headers.set(key, [...(headers.get(key) ?? []), value]);
  }
  if (!headers.has('User-Agent')) headers.set('User-Agent', [probeUserAgent]);
  if (!headers.has('Accept')) headers.set('Accept', ['*/*']);
  else if ((headers.get('Accept')?.[0] ?? '') === '') headers.delete('Accept');
  return headers;
}

/** Escapes what Go's URL.EscapedPath would (spaces, non-ASCII) so Node accepts the request path. */
function requestTarget(path: string): string {
  const withoutFragment = path.split('#')[0] ?? '';
  const escaped = withoutFragment.replace(/[^\x21-\x7e]/g, (c) => encodeURIComponent(c));
  return escaped.startsWith('/') ? escaped : `/${escaped}`;
}

interface Exchange {
  status: number;
  location: string | undefined;
  body: string;
}

class ExchangeError extends Error {
  constructor(
    readonly original: unknown,
    readonly connected: SocketAddresses | undefined,
    readonly readingBody: boolean,
  ) {
    super('exchange failed');
  }
}

function addresses(socket: Socket): SocketAddresses {
  const local = joinHostPort(socket.localAddress ?? '', socket.localPort ?? 0);
  const remote = joinHostPort(socket.remoteAddress ?? '', socket.remotePort ?? 0);
  return { local, remote };
}

/** The host (IPv6 without brackets) and port a URL dials. */
function endpoint(url: URL): { host: string; port: number } {
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: Number(url.port) || (url.protocol === 'https:' ? 443 : 80),
  };
}

/** One GET on a fresh connection; reads at most 10 KiB of the body. */
function exchange(url: URL, target: string, headers: Map<string, string[]>, hostHeader: string, signal: AbortSignal) {
  return new Promise<Exchange>((resolve, reject) => {
    const outgoing: Record<string, string | string[]> = { Host: hostHeader };
    for (const [name, values] of headers) {
      if (name === 'Host') continue;
      if (name === 'User-Agent' && values[0] === '') continue;
      outgoing[name] = values;
    }
    let connected: SocketAddresses | undefined;
    let readingBody = false;
    const fail = (error: unknown) => reject(new ExchangeError(error, connected, readingBody));
    const options = {
      ...endpoint(url),
      path: target,
      method: 'GET',
      headers: outgoing,
      agent: false,
      signal,
    };
    const request =
      url.protocol === 'https:' ? https.request({ ...options, rejectUnauthorized: false }) : http.request(options);
    request.on('socket', (socket) => {
      socket.once('connect', () => {
        connected = addresses(socket);
      });
    });
    request.on('error', fail);
    request.on('response', (response) => {
      readingBody = true;
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = () => {
        response.destroy();
        resolve({
          status: response.statusCode ?? 0,
          location: response.headers.location,
          body: Buffer.concat(chunks).subarray(0, maxProbeBodyBytes).toString('utf8'),
        });
      };
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= maxProbeBodyBytes) finish();
      });
      response.on('end', finish);
      response.on('error', fail);
    });
    request.end();
  });
}

/** The URL string Go prints in `Get "<url>": ...` for the probe's scheme, host, port and path. */
export function probeUrl(scheme: string, host: string, port: number, path: string): string {
  const target = path === '' ? '' : path.startsWith('/') ? path : `/${path}`;
  return `${scheme}://${joinHostPort(host, port)}${target}`;
}

/**
 * Runs an httpGet probe like the kubelet: a GET on a fresh connection (no keep-alive; HTTPS without verifying the
 * certificate), redirects followed only to the same host (at most 10 requests), 200-399 succeeds, a redirect to
 * another host succeeds with a warning, and everything (redirects and body included) within `timeoutMs`.
 */
export async function runHttpProbe(
  action: HTTPGetAction,
  podIP: string,
  namedPorts: ReadonlyMap<string, number>,
  timeoutMs: number,
): Promise<ProbeOutcome> {
  const scheme = (action.scheme ?? '').toLowerCase() || 'http';
  const host = action.host || podIP;
  const port = resolveProbePort(action.port, namedPorts);
  let urlText = probeUrl(scheme, host, port, action.path ?? '');
  if (scheme !== 'http' && scheme !== 'https') {
    return { success: false, message: `Get "${urlText}": unsupported protocol scheme "${scheme}"` };
  }
  const headers = probeHeaders(action);
  const customHost = headers.get('Host')?.[0] ?? '';
  const initial = new URL(urlText);
  let url = initial;
  let target = requestTarget(action.path ?? '');
  let hostHeader = customHost || initial.host;
  const controller = new AbortController();
  const deadline = setTimeout(() => controller.abort(), timeoutMs);
  try {
    for (let sent = 1; ; sent++) {
      let result: Exchange;
      try {
        result = await exchange(url, target, headers, hostHeader, controller.signal);
      } catch (error) {
        const dialed = endpoint(url);
        return failedExchange(error, urlText, dialed.host, dialed.port, scheme === 'https', controller.signal.aborted);
      }
      const location = redirectCodes.has(result.status) ? result.location : undefined;
      if (location === undefined || location === '') return judge(result);
      let next: URL;
      try {
        next = new URL(location, url);
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        return { success: false, message: `Get "${urlText}": failed to parse Location header "${location}": ${why}` };
      }
      if (next.hostname !== initial.hostname) return judge(result);
      if (sent >= maxRequests) return { success: false, message: `Get "${location}": stopped after 10 redirects` };
      const relative = !/^[a-z][a-z0-9+.-]*:/i.test(location);
      hostHeader = customHost && customHost !== initial.host && relative ? customHost : next.host;
      headers.set('Referer', [url.protocol === 'https:' && next.protocol === 'http:' ? '' : url.href]);
      if (headers.get('Referer')?.[0] === '') headers.delete('Referer');
      url = next;
      target = next.pathname + next.search;
      urlText = next.href;
    }
  } finally {
    clearTimeout(deadline);
  }
}

function judge(result: Exchange): ProbeOutcome {
  if (result.status >= 200 && result.status < 400) {
    if (result.status >= 300) {
      return { success: true, message: `Probe terminated redirects, Response body: ${result.body}` };
    }
    return { success: true, message: '' };
  }
  return { success: false, message: `HTTP probe failed with statuscode: ${result.status}` };
}

function failedExchange(
  error: unknown,
  urlText: string,
  host: string,
  port: number,
  secure: boolean,
  timedOut: boolean,
): ProbeOutcome {
  const failure = error instanceof ExchangeError ? error : new ExchangeError(error, undefined, false);
  if (timedOut && failure.readingBody) {
    // Go's client returns the response, then fails reading the body: the kubelet reports an error, not a failure.
    throw new ProbeError(
      'context deadline exceeded (Client.Timeout or context cancellation while reading body)',
      'failure',
    );
  }
  if (timedOut) {
    return {
      success: false,
      message: `Get "${urlText}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
    };
  }
  return {
    success: false,
    message: `Get "${urlText}": ${goHttpError(failure.original, host, port, failure.connected, secure)}`,
  };
}
