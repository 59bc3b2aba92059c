/**
 * Kubernetes' probe messages quote Go's net and net/http errors verbatim (`dial tcp 10.0.0.1:80: connect: connection
 * refused`), and they end up in `Unhealthy` events. These helpers turn Node's errors into the same wording.
 */

/** `net.JoinHostPort`: brackets around IPv6 literals. */
export function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Go's `%q` for a string: double quotes, backslash escapes for quotes, backslashes and control characters. */
export function goQuote(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** The errno text Go prints after `connect: ` / `read: ` (syscall.Errno.Error on Linux). */
const errnoText: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by peer',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network is unreachable',
  EADDRNOTAVAIL: 'cannot assign requested address',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'broken pipe',
  EACCES: 'permission denied',
};

const dnsCodes = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA']);

function errnoCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Go's error for a failed `net.Dial("tcp", host:port)`: `dial tcp <addr>: connect: connection refused`,
 * `dial tcp: lookup <host>: no such host`, or the raw message for anything unknown.
 */
export function goDialError(error: unknown, host: string, port: number): string {
  const code = errnoCode(error);
  if (code && dnsCodes.has(code)) return `dial tcp: lookup ${host}: no such host`;
  const text = code ? errnoText[code] : undefined;
  if (text) return `dial tcp ${joinHostPort(host, port)}: connect: ${text}`;
  return `dial tcp ${joinHostPort(host, port)}: ${errorMessage(error)}`;
}

/** Go's `net.DialTimeout` error when the connection does not complete in time. */
export function goDialTimeout(host: string, port: number): string {
  return `dial tcp ${joinHostPort(host, port)}: i/o timeout`;
}

/** Addresses of a connected socket, for Go's `read tcp <local>-><remote>: ...` wording. */
export interface SocketAddresses {
  local: string;
  remote: string;
}

/**
 * Go's error for an HTTP exchange that failed after dialing (or while dialing): the part after
 * `Get "<url>": ` in `*url.Error`.
 */
export function goHttpError(
  error: unknown,
  host: string,
  port: number,
  connected: SocketAddresses | undefined,
  https: boolean,
): string {
  const code = errnoCode(error);
  const message = errorMessage(error);
  if (!connected) return goDialError(error, host, port);
  if (code === 'ECONNRESET' && message === 'socket hang up') return 'EOF';
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    return `read tcp ${connected.local}->${connected.remote}: read: ${errnoText[code] ?? message}`;
  }
  if (https && (code === 'EPROTO' || /wrong version number|packet length too long/i.test(message))) {
    return 'http: server gave HTTP response to HTTPS client';
  }
  if (code?.startsWith('HPE_')) return `net/http: HTTP/1.x transport connection broken: malformed HTTP response`;
  return message;
}
