/** Go net/http behaviour the Go-based images show: ServeMux routing and path cleaning, and response defaults. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { posix } from 'node:path';
import type { RequestHandler } from './graceful-http.js';

/** Go's `cleanPath`: a rooted, normalized path that keeps a trailing slash. */
export function cleanPath(path: string): string {
  if (path === '') return '/';
  const rooted = path.startsWith('/') ? path : `/${path}`;
  let cleaned = posix.normalize(rooted).replace(/^\/+/, '/');
  if (rooted.endsWith('/') && cleaned !== '/') cleaned += cleaned.endsWith('/') ? '' : '/';
  return cleaned;
}

/** The request's URL (path and query); the host is irrelevant to routing. */
export function requestUrl(req: IncomingMessage): URL {
  return new URL(req.url ?? '/', 'http://localhost');
}

/**
 * Writes `body` with Go's defaults: `Content-Type: text/plain; charset=utf-8` for a non-empty body unless set,
 * and a Content-Length.
 */
export function writeGo(res: ServerResponse, status: number, body = ''): void {
  if (body !== '' && !res.hasHeader('Content-Type')) res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.writeHead(status);
  res.end(body);
}

/** Go's `http.Error`: the message plus a newline, plain text, `X-Content-Type-Options: nosniff`. */
export function goError(res: ServerResponse, message: string, status: number): void {
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  writeGo(res, status, `${message}\n`);
}

/**
 * A ServeMux with exact patterns and `/` as the catch-all: unclean paths are redirected (301) to their clean
 * form as Go does; a path without a pattern and no `/` pattern gets Go's `404 page not found`.
 */
export function serveMux(routes: Readonly<Record<string, RequestHandler>>): RequestHandler {
  return (req, res) => {
    const url = requestUrl(req);
    const path = cleanPath(url.pathname);
    if (path !== url.pathname && req.method !== 'CONNECT') {
      res.setHeader('Location', path + url.search);
      return writeGo(res, 301);
    }
    const handler = routes[path] ?? routes['/'];
    if (handler === undefined) return goError(res, '404 page not found', 404);
    return handler(req, res);
  };
}

const sortedKeys = (_key: string, value: unknown): unknown =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : value;

/** Go's `json.Marshal` of maps: keys sorted, HTML characters escaped. */
export function goJson(value: unknown): string {
  return JSON.stringify(value, sortedKeys)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
