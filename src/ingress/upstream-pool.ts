/**
 * Upstream connections and endpoint choice: one keep-alive agent per endpoint (ingress-nginx keeps
 * `upstream-keepalive-connections` per worker), round-robin per backend, and a short passive health memory: an
 * endpoint that refused or timed out a connection is skipped for a while unless nothing else is left.
 */
import { Agent } from 'node:http';
import type { Endpoint } from './backend-endpoints.js';

export interface UpstreamPoolOptions {
  /** Idle keep-alive sockets are closed after this; below Node's 5 s server default so the upstream never does first. */
  idleTimeoutMs?: number;
  /** Idle sockets kept per endpoint (`upstream-keepalive-connections`). */
  maxIdlePerEndpoint?: number;
  /** How long an endpoint that failed to connect is avoided. */
  failTimeoutMs?: number;
  now?: () => number;
}

export class UpstreamPool {
  private readonly agents = new Map<string, Agent>();
  private readonly downUntil = new Map<string, number>();
  private readonly cursor = new Map<string, number>();
  private readonly idleTimeoutMs: number;
  private readonly maxIdle: number;
  private readonly failTimeoutMs: number;
  private readonly now: () => number;

  constructor(options: UpstreamPoolOptions = {}) {
    this.idleTimeoutMs = options.idleTimeoutMs ?? 4000;
    this.maxIdle = options.maxIdlePerEndpoint ?? 320;
    this.failTimeoutMs = options.failTimeoutMs ?? 2000;
    this.now = options.now ?? Date.now;
  }

  /** The keep-alive agent of an endpoint. */
  agent(endpoint: Endpoint): Agent {
    let agent = this.agents.get(endpoint.key);
    if (!agent) {
      agent = new Agent({
        keepAlive: true,
        maxFreeSockets: this.maxIdle,
        timeout: this.idleTimeoutMs,
        scheduling: 'lifo',
      });
      this.agents.set(endpoint.key, agent);
    }
    return agent;
  }

  /**
   * The next endpoint of a backend by round-robin, skipping those already tried for this request and, while
   * others remain, those recently failed; undefined when every endpoint was tried.
   */
  pick(backendKey: string, endpoints: readonly Endpoint[], tried?: ReadonlySet<string>): Endpoint | undefined {
    const n = endpoints.length;
    if (n === 0) return undefined;
    const start = this.cursor.get(backendKey) ?? 0;
    let fallback: number | undefined;
    for (let i = 0; i < n; i++) {
      const idx = (start + i) % n;
      const ep = endpoints[idx] as Endpoint;
      if (tried?.has(ep.key)) continue;
      if (this.isDown(ep.key)) {
        fallback ??= idx;
        continue;
      }
      this.cursor.set(backendKey, idx + 1);
      return ep;
    }
    if (fallback === undefined) return undefined;
    this.cursor.set(backendKey, fallback + 1);
    return endpoints[fallback];
  }

  /** Records a failed connection attempt. */
  markFailed(endpoint: Endpoint): void {
    this.downUntil.set(endpoint.key, this.now() + this.failTimeoutMs);
  }

  /** Records a successful exchange. */
  markHealthy(endpoint: Endpoint): void {
    if (this.downUntil.size > 0) this.downUntil.delete(endpoint.key);
  }

  private isDown(key: string): boolean {
    if (this.downUntil.size === 0) return false;
    const until = this.downUntil.get(key);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.downUntil.delete(key);
    return false;
  }

  /**
   * Forgets endpoints that are no longer in any backend: their idle sockets are closed now (requests in flight
   * finish on theirs), so nothing is reused towards a pod that left.
   */
  retain(live: ReadonlySet<string>): void {
    for (const [key, agent] of this.agents) {
      if (live.has(key)) continue;
      this.agents.delete(key);
      this.downUntil.delete(key);
      closeIdle(agent);
    }
  }

  /** Closes every socket. */
  destroy(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }
}

/** Ends an agent's idle sockets and makes sure none is pooled afterwards. */
function closeIdle(agent: Agent): void {
  for (const sockets of Object.values(agent.freeSockets)) {
    for (const socket of sockets ?? []) socket.destroy();
  }
  // In-flight sockets finish their exchange, then are closed instead of pooled.
  agent.keepSocketAlive = () => false;
}
