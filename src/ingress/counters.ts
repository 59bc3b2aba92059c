/**
 * Request counters of the ingress data plane, per Ingress, backend Service and endpoint: requests answered,
 * their status classes, and retries (attempts on that endpoint that failed before any response byte and were
 * tried again elsewhere). Process-wide, like a metrics registry; read with `ingressCounters()`.
 */

export type StatusClass = '1xx' | '2xx' | '3xx' | '4xx' | '5xx';

export interface IngressCounter {
  /** `namespace/name` of the Ingress, `''` for the controller's own 404. */
  ingress: string;
  /** `namespace/name:port` of the backend, `''` when none. */
  service: string;
  /** `ip:port`, `''` when no endpoint was reached (503, 404). */
  endpoint: string;
  requests: number;
  retries: number;
  status: Record<StatusClass, number>;
}

const counters = new Map<string, IngressCounter>();

function counter(ingress: string, service: string, endpoint: string): IngressCounter {
  const key = `${ingress}\u0000${service}\u0000${endpoint}`;
  let c = counters.get(key);
  if (!c) {
    c = {
      ingress,
      service,
      endpoint,
      requests: 0,
      retries: 0,
      status: { '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 },
    };
    counters.set(key, c);
  }
  return c;
}

function statusClass(code: number): StatusClass {
  if (code < 200) return '1xx';
  if (code < 300) return '2xx';
  if (code < 400) return '3xx';
  if (code < 500) return '4xx';
  return '5xx';
}

/** Counts one answered request. */
export function countRequest(ingress: string, service: string, endpoint: string, status: number): void {
  const c = counter(ingress, service, endpoint);
  c.requests++;
  c.status[statusClass(status)]++;
}

/** Counts one failed attempt that was retried on another endpoint. */
export function countRetry(ingress: string, service: string, endpoint: string): void {
  counter(ingress, service, endpoint).retries++;
}

/** A snapshot of every counter, sorted by ingress, service, endpoint. */
export function ingressCounters(): IngressCounter[] {
  return [...counters.values()]
    .map((c) => ({ ...c, status: { ...c.status } }))
    .sort((a, b) =>
      a.ingress !== b.ingress
        ? a.ingress.localeCompare(b.ingress)
        : a.service !== b.service
          ? a.service.localeCompare(b.service)
          : a.endpoint.localeCompare(b.endpoint),
    );
}

/** Clears every counter. */
export function resetIngressCounters(): void {
  counters.clear();
}
