/**
 * Who may use the dashboard: whoever holds its token, as in Jupyter. The URL printed for the user carries it as
 * `?token=`; the first page load turns it into an HttpOnly, SameSite=Strict cookie so module imports, fetches and
 * the event stream carry it without showing it. Requests must also name the dashboard's own host (no DNS
 * rebinding) and writes must be JSON from the dashboard's own origin (no cross-site form posts).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A fresh random token (48 hex digits). */
export function newToken(): string {
  return randomBytes(24).toString('hex');
}

/** Cookies are per host, not per port: each dashboard gets its own name. */
export function cookieName(port: number): string {
  return `kubeling-dashboard-${port}`;
}

function sameSecret(given: string, token: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export type AuthOutcome =
  | { ok: true /** Set-Cookie to send when the token came in the URL. */; setCookie?: string }
  | { ok: false; status: 401 | 403; message: string };

export interface AuthSettings {
  token: string;
  port: number;
  /** Host names the dashboard answers to (with the port appended when checked). */
  hosts: readonly string[];
}

/** Checks one request's host, token and, for writes, content type and origin. */
export function checkRequest(req: IncomingMessage, url: URL, settings: AuthSettings): AuthOutcome {
  const hostOk = settings.hosts.some((h) => req.headers.host === `${h}:${settings.port}`);
  if (!hostOk) return { ok: false, status: 403, message: `unexpected Host header ${JSON.stringify(req.headers.host)}` };
  const name = cookieName(settings.port);
  const fromUrl = url.searchParams.get('token');
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const given = fromUrl ?? bearer ?? cookieValue(req.headers.cookie, name);
  if (given === undefined || !sameSecret(given, settings.token)) {
    return { ok: false, status: 401, message: 'a valid token is required: open the URL kubeling printed (…/?token=…)' };
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    const origin = req.headers.origin;
    if (origin !== undefined && !settings.hosts.some((h) => origin === `http://${h}:${settings.port}`)) {
      return { ok: false, status: 403, message: `requests from origin ${origin} are not accepted` };
    }
    if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) {
      return { ok: false, status: 403, message: 'writes must be sent as application/json' };
    }
  }
  if (fromUrl === null) return { ok: true };
  return { ok: true, setCookie: `${name}=${encodeURIComponent(given)}; Path=/; HttpOnly; SameSite=Strict` };
}
