/** The controller's own answers, small HTML pages in nginx's style: 404 (no route), 502, 503, 504. */
import type { ServerResponse } from 'node:http';

const reasons: Record<number, [string, string]> = {
  404: ['404 Not Found', 'No Ingress rule matches this host and path, and there is no default backend.'],
  502: ['502 Bad Gateway', 'The upstream endpoint failed before sending a response.'],
  503: ['503 Service Temporarily Unavailable', 'The backend service has no ready endpoints.'],
  504: ['504 Gateway Time-out', 'The upstream endpoint did not answer in time.'],
};

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The page body of an error status; `detail` (e.g. the backend's name) is shown under the explanation. */
export function errorPage(status: number, detail?: string): string {
  const [title, text] = reasons[status] ?? [`${status} Error`, 'The request could not be served.'];
  const extra = detail ? `\n<p><center><code>${escapeHtml(detail)}</code></center></p>` : '';
  return `<html>\n<head><title>${title}</title></head>\n<body>\n<center><h1>${title}</h1></center>\n<center><p>${text}</p></center>${extra}\n<hr><center>kubeling ingress</center>\n</body>\n</html>\n`;
}

/** Answers with an error page (HEAD without body); the connection stays usable. */
export function sendErrorPage(res: ServerResponse, status: number, detail?: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = errorPage(status, detail);
  res.writeHead(status, {
    'content-type': 'text/html',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

/**
 * The raw HTTP/1.1 response of an error page, for sockets the proxy writes itself (fast path, upgrades);
 * `close` adds `Connection: close`, `head` (a HEAD request) leaves the body out.
 */
export function rawErrorResponse(
  status: number,
  detail?: string,
  options: { close?: boolean; head?: boolean } = {},
): string {
  const body = errorPage(status, detail);
  const title = reasons[status]?.[0] ?? `${status} Error`;
  const close = options.close ?? true;
  return `HTTP/1.1 ${title}\r\nContent-Type: text/html\r\nContent-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\n${close ? 'Connection: close\r\n' : ''}\r\n${options.head ? '' : body}`;
}
