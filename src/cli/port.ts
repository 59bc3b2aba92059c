/** Choosing the API server port: the one asked for, else the cluster's previous one or 6443 when free. */
import { createServer } from 'node:net';

export const DEFAULT_API_PORT = 6443;

/** Whether `port` can be bound on `host` right now. */
export function isPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const server = createServer();
    server.once('error', () => resolvePromise(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolvePromise(true)));
  });
}

export interface PortChoice {
  port: number;
  /** True when the user named the port (then a taken port is an error rather than a reason to pick another). */
  explicit: boolean;
  /** The preferred port that was taken, when a free one is used instead. */
  taken?: number;
}

/** `requested` when given; else `previous ?? fallback` if free; else 0 (the system picks a free port). */
export async function choosePort(
  host: string,
  requested?: number,
  previous?: number,
  fallback = DEFAULT_API_PORT,
): Promise<PortChoice> {
  if (requested !== undefined) return { port: requested, explicit: true };
  const preferred = previous ?? fallback;
  if (await isPortFree(host, preferred)) return { port: preferred, explicit: false };
  return { port: 0, explicit: false, taken: preferred };
}

/** The ingress's HTTP port when none is asked for: 80 as root (like a real load balancer), else 8080. */
export function defaultIngressPort(): number {
  return process.getuid?.() === 0 ? 80 : 8080;
}
