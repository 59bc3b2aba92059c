/**
 * A small HTTP/1.1 message-head parser for the proxy's fast path: the request line or status line and the header
 * fields, as raw `[name, value, ...]` pairs, plus the facts that decide framing. Anything unusual (obsolete line
 * folding, invalid names, HTTP/1.0, bodies other than none, upgrades, `Expect`) is left to node:http, which
 * the fast path hands such connections to. Pure.
 */

export interface RequestHead {
  method: string;
  url: string;
  raw: string[];
  host: string | undefined;
  /** The client asked to close after this exchange. */
  close: boolean;
  /** Simple enough for the fast path: HTTP/1.1, no body, no upgrade, no `Expect`. */
  simple: boolean;
}

export interface ResponseHead {
  status: number;
  reason: string;
  raw: string[];
  /** Undefined when absent; NaN when invalid. */
  contentLength: number | undefined;
  chunked: boolean;
  /** The upstream will close the connection after this response. */
  close: boolean;
}

const tokenChars = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Splits header lines into raw pairs; undefined when a line is malformed or folded. */
function parseFields(lines: string[], from: number): string[] | undefined {
  const raw: string[] = [];
  for (let i = from; i < lines.length; i++) {
    const line = lines[i] as string;
    const colon = line.indexOf(':');
    if (colon <= 0) return undefined;
    const name = line.slice(0, colon);
    if (!tokenChars.test(name)) return undefined;
    raw.push(name, line.slice(colon + 1).trim());
  }
  return raw;
}

function hasToken(value: string, token: string): boolean {
  for (const part of value.split(',')) if (part.trim().toLowerCase() === token) return true;
  return false;
}

/** Parses a request head (without the final blank line); undefined when malformed. */
export function parseRequestHead(head: string): RequestHead | undefined {
  const lines = head.split('\r\n');
  const requestLine = lines[0] ?? '';
  const sp1 = requestLine.indexOf(' ');
  const sp2 = requestLine.lastIndexOf(' ');
  if (sp1 <= 0 || sp2 <= sp1) return undefined;
  const method = requestLine.slice(0, sp1);
  const url = requestLine.slice(sp1 + 1, sp2);
  const version = requestLine.slice(sp2 + 1);
  if (!tokenChars.test(method) || url.length === 0 || url.includes(' ')) return undefined;
  const raw = parseFields(lines, 1);
  if (!raw) return undefined;
  let host: string | undefined;
  let hosts = 0;
  let close = false;
  let simple = version === 'HTTP/1.1' && url.charCodeAt(0) === 47 /* / */;
  for (let i = 0; i < raw.length && simple; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    const value = raw[i + 1] as string;
    if (name === 'host') {
      host = value;
      hosts++;
    } else if (name === 'content-length') {
      if (value !== '0') simple = false;
    } else if (name === 'transfer-encoding' || name === 'upgrade' || name === 'expect') {
      simple = false;
    } else if (name === 'connection') {
      if (hasToken(value, 'close')) close = true;
      if (hasToken(value, 'upgrade')) simple = false;
    }
  }
  if (hosts > 1) simple = false;
  return { method, url, raw, host, close, simple };
}

/** Parses a response head (without the final blank line); undefined when malformed. */
export function parseResponseHead(head: string): ResponseHead | undefined {
  const lines = head.split('\r\n');
  const statusLine = lines[0] ?? '';
  const m = /^HTTP\/1\.([01]) (\d{3})(?: (.*))?$/.exec(statusLine);
  if (!m) return undefined;
  const raw = parseFields(lines, 1);
  if (!raw) return undefined;
  let contentLength: number | undefined;
  let chunked = false;
  let close = m[1] === '0';
  for (let i = 0; i < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    const value = raw[i + 1] as string;
    if (name === 'content-length') {
      const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
      contentLength = contentLength === undefined || contentLength === n ? n : Number.NaN;
    } else if (name === 'transfer-encoding') {
      chunked = hasToken(value, 'chunked');
      if (!chunked) contentLength = Number.NaN;
    } else if (name === 'connection') {
      if (hasToken(value, 'close')) close = true;
      else if (hasToken(value, 'keep-alive')) close = false;
    }
  }
  return { status: Number(m[2]), reason: m[3] ?? '', raw, contentLength, chunked, close };
}

/** Whether a response to `method` with `status` carries no body whatever its headers say (RFC 9112 §6.3). */
export function hasNoBody(method: string, status: number): boolean {
  return method === 'HEAD' || status < 200 || status === 204 || status === 304;
}

/** Serializes a head: the first line, then the raw pairs, then the blank line. */
export function serializeHead(firstLine: string, raw: readonly string[], extra = ''): string {
  let out = `${firstLine}\r\n`;
  for (let i = 0; i < raw.length; i += 2) out += `${raw[i]}: ${raw[i + 1]}\r\n`;
  return `${out}${extra}\r\n`;
}
