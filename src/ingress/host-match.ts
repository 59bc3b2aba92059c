/**
 * Ingress host matching: a rule host is exact (`foo.bar.com`) or a wildcard `*.bar.com` that matches exactly one
 * more label (`x.bar.com`, not `bar.com` nor `y.x.bar.com`). Request hosts come from the `Host` header (or SNI)
 * and are compared without port, trailing dot or case.
 */

/** The host of a `Host` header value: lower case, without port or trailing dot (`[::1]:80` → `::1`). */
export function requestHost(header: string | undefined): string {
  if (!header) return '';
  let host = header;
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    host = end > 0 ? host.slice(1, end) : host;
  } else {
    const colon = host.indexOf(':');
    if (colon >= 0) host = host.slice(0, colon);
  }
  if (host.endsWith('.')) host = host.slice(0, -1);
  return hasUpper(host) ? host.toLowerCase() : host;
}

function hasUpper(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) return true;
  }
  return false;
}

/** The one wildcard rule host that could match `host` (`a.b.com` → `*.b.com`), or undefined. */
export function wildcardFor(host: string): string | undefined {
  const dot = host.indexOf('.');
  if (dot <= 0 || dot === host.length - 1) return undefined;
  return `*${host.slice(dot)}`;
}

/** Whether a rule host (exact or `*.` wildcard) matches a request host. */
export function hostMatches(ruleHost: string, host: string): boolean {
  if (ruleHost === host) return true;
  return ruleHost.startsWith('*.') && wildcardFor(host) === ruleHost;
}
