/**
 * Kubernetes' Ingress path matching (networking/v1 `HTTPIngressPath`): `Exact` compares the whole path
 * case-sensitively; `Prefix` compares element by element on `/`, ignoring a trailing slash on either side, so
 * `/foo` matches `/foo`, `/foo/` and `/foo/bar` but not `/foobar`. `ImplementationSpecific` is treated as
 * `Prefix` here.
 */

export type PathType = 'Exact' | 'Prefix' | 'ImplementationSpecific';

/** A rule path prepared for matching. */
export interface PathMatcher {
  path: string;
  pathType: PathType;
  /** Exact: the path; Prefix: the path without trailing slashes (`''` for `/`). */
  key: string;
  exact: boolean;
}

export function pathMatcher(path: string, pathType: PathType): PathMatcher {
  const exact = pathType === 'Exact';
  let key = path;
  if (!exact) {
    let end = key.length;
    while (end > 0 && key.charCodeAt(end - 1) === 47 /* / */) end--;
    key = key.slice(0, end);
  }
  return { path, pathType, key, exact };
}

/** Whether the request path (already normalized, query removed) matches. */
export function matchesPath(m: PathMatcher, requestPath: string): boolean {
  if (m.exact) return requestPath === m.key;
  if (m.key.length === 0) return true;
  if (!requestPath.startsWith(m.key)) return false;
  return requestPath.length === m.key.length || requestPath.charCodeAt(m.key.length) === 47;
}

/**
 * Precedence between matching paths: the longest path first, `Exact` before `Prefix` at equal length (a Prefix
 * path's trailing slash does not count), then the order given (the oldest Ingress first).
 */
export function comparePrecedence(a: PathMatcher, b: PathMatcher): number {
  if (a.key.length !== b.key.length) return b.key.length - a.key.length;
  if (a.exact !== b.exact) return a.exact ? -1 : 1;
  return 0;
}

/**
 * The path rules are matched against: the URL's path without query, percent-escapes of unreserved characters
 * decoded, repeated slashes merged and `.`/`..` segments resolved (as nginx normalizes `$uri`), so `/a/../b`
 * cannot reach a rule the literal path would not. The request is still forwarded with its original URL.
 */
export function requestPath(url: string): string {
  const q = url.indexOf('?');
  let path = q < 0 ? url : url.slice(0, q);
  if (!path.startsWith('/')) {
    // Absolute-form (`GET http://host/path`) or `*`.
    const m = /^[a-z][a-z0-9+.-]*:\/\/[^/]*(\/.*)?$/i.exec(path);
    path = m?.[1] ?? '/';
  }
  if (!needsNormalizing(path)) return path;
  return normalizePath(path);
}

function needsNormalizing(path: string): boolean {
  return path.includes('%') || path.includes('//') || path.includes('/.');
}

function decodeUnreserved(path: string): string {
  return path.replace(/%([0-9a-fA-F]{2})/g, (whole, hex: string) => {
    const c = String.fromCharCode(Number.parseInt(hex, 16));
    return /[A-Za-z0-9\-._~]/.test(c) ? c : whole.toUpperCase();
  });
}

function normalizePath(raw: string): string {
  const decoded = decodeUnreserved(raw);
  const trailing = decoded.endsWith('/') || decoded.endsWith('/.') || decoded.endsWith('/..');
  const out: string[] = [];
  for (const seg of decoded.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  const joined = `/${out.join('/')}`;
  return trailing && out.length > 0 ? `${joined}/` : joined;
}
