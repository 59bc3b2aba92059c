/**
 * nginx's static file serving as the official image's default site does it: files under the root, `index` files
 * for directories (301 to add the trailing slash, 403 without an index), 404 otherwise, HEAD and conditional GET,
 * nginx's headers and error pages, and one access-log line per request on stdout (the `combined` format plus
 * `$http_x_forwarded_for`, as the image's `main` format).
 */
import { createReadStream, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, posix } from 'node:path';
import type { RequestHandler } from './graceful-http.js';
import { errorPage, mimeType } from './nginx-pages.js';

export interface StaticSite {
  /** Host directory of the document root, or the files of a root that lives in the image itself. */
  root: { hostDir: string } | { files: Readonly<Record<string, string>> };
  index: readonly string[];
  version: string;
}

/** Modification time of the image's own files. */
const IMAGE_BUILD_TIME = new Date('2025-04-16T12:00:00Z');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `$time_local` in UTC: `10/Oct/2023:13:55:36 +0000`. */
function timeLocal(d = new Date()): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

interface Found {
  kind: 'file';
  size: number;
  mtime: Date;
  name: string;
  open(): NodeJS.ReadableStream | Buffer;
}
type Lookup = Found | { kind: 'dir' } | { kind: 'missing' } | { kind: 'forbidden' };

async function lookupHost(root: string, path: string): Promise<Lookup> {
  let info: Stats;
  const file = join(root, path);
  try {
    info = await stat(file);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EACCES' ? { kind: 'forbidden' } : { kind: 'missing' };
  }
  if (info.isDirectory()) return { kind: 'dir' };
  if (!info.isFile()) return { kind: 'forbidden' };
  return { kind: 'file', size: info.size, mtime: info.mtime, name: path, open: () => createReadStream(file) };
}

function lookupInImage(files: Readonly<Record<string, string>>, path: string): Lookup {
  if (path === '/') return { kind: 'dir' };
  const content = files[path];
  if (content === undefined) return { kind: 'missing' };
  const body = Buffer.from(content);
  return { kind: 'file', size: body.length, mtime: IMAGE_BUILD_TIME, name: path, open: () => body };
}

/** Whether `..` segments lead above `/` (nginx answers 400). */
function climbsAboveRoot(path: string): boolean {
  let depth = 0;
  for (const segment of path.split('/')) {
    if (segment === '..') depth--;
    else if (segment !== '' && segment !== '.') depth++;
    if (depth < 0) return true;
  }
  return false;
}

/** The request handler of a static site. */
export function staticSiteHandler(site: StaticSite): RequestHandler {
  const { root } = site;
  const lookup = (path: string): Promise<Lookup> =>
    'hostDir' in root ? lookupHost(root.hostDir, path) : Promise.resolve(lookupInImage(root.files, path));

  const accessLog = (req: IncomingMessage, status: number, bytes: number): void => {
    const header = (name: string): string => {
      const value = req.headers[name];
      return (Array.isArray(value) ? value.join(', ') : value) || '-';
    };
    const remote = (req.socket.remoteAddress ?? '-').replace(/^::ffff:(?=\d)/, '');
    process.stdout.write(
      `${remote} - - [${timeLocal()}] "${req.method} ${req.url} HTTP/${req.httpVersion}" ${status} ${bytes} ` +
        `"${header('referer')}" "${header('user-agent')}" "${header('x-forwarded-for')}"\n`,
    );
  };

  const send = (
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    headers: Record<string, string>,
    body: Buffer | NodeJS.ReadableStream,
    size: number,
  ): void => {
    res.writeHead(status, { Server: `nginx/${site.version}`, ...headers, 'Content-Length': String(size) });
    const bytes = req.method === 'HEAD' ? 0 : size;
    accessLog(req, status, bytes);
    if (req.method === 'HEAD' || !('pipe' in body)) {
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    body.pipe(res);
  };

  const sendError = (
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    extra: Record<string, string> = {},
  ): void => {
    const body = Buffer.from(errorPage(status, site.version));
    send(req, res, status, { 'Content-Type': 'text/html', ...extra }, body, body.length);
  };

  const sendFile = (req: IncomingMessage, res: ServerResponse, file: Found): void => {
    const lastModified = file.mtime.toUTCString();
    const etag = `"${Math.floor(file.mtime.getTime() / 1000).toString(16)}-${file.size.toString(16)}"`;
    const headers = {
      'Content-Type': mimeType(file.name),
      'Last-Modified': lastModified,
      ETag: etag,
      'Accept-Ranges': 'bytes',
    };
    if (req.headers['if-none-match'] === etag || req.headers['if-modified-since'] === lastModified) {
      res.writeHead(304, { Server: `nginx/${site.version}`, 'Last-Modified': lastModified, ETag: etag });
      accessLog(req, 304, 0);
      res.end();
      return;
    }
    send(req, res, 200, headers, file.open(), file.size);
  };

  return async (req, res) => {
    let path: string;
    try {
      const raw = (req.url ?? '/').split('?')[0] ?? '/';
      path = decodeURIComponent(raw);
    } catch {
      return sendError(req, res, 400);
    }
    if (!path.startsWith('/') || path.includes('\0') || climbsAboveRoot(path)) return sendError(req, res, 400);
    path = posix.normalize(path);
    const found = await lookup(path);
    if (found.kind === 'dir') {
      if (!path.endsWith('/')) {
        const query = (req.url ?? '').includes('?') ? (req.url ?? '').slice((req.url ?? '').indexOf('?')) : '';
        return sendError(req, res, 301, { Location: `http://${req.headers.host ?? 'localhost'}${path}/${query}` });
      }
      for (const index of site.index) {
        const candidate = await lookup(posix.join(path, index));
        if (candidate.kind === 'file') {
          if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(req, res, 405);
          return sendFile(req, res, candidate);
        }
      }
      return sendError(req, res, 403);
    }
    if (found.kind === 'missing') return sendError(req, res, 404);
    if (found.kind === 'forbidden') return sendError(req, res, 403);
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(req, res, 405);
    sendFile(req, res, found);
  };
}
