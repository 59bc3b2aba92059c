/**
 * The proxier: applies each Service's desired ports to running listeners and balancers. A port with endpoints
 * listens on every frontend address; a port without endpoints does not listen at all, so clients get
 * "connection refused" at once, as from kube-proxy's REJECT rule. Endpoint changes update the balancer in place
 * (synchronously: the next connection already sees them); listeners open and close only when a port gains its
 * first endpoint, loses its last, or changes addresses. Connections already proxied are never cut.
 */
import { Balancer } from './balancer.js';
import type { ProxyMetrics } from './metrics.js';
import type { Frontend, ProxyProtocol, ServicePortState } from './service-ports.js';
import { forwardTcp, type PortTarget, type TcpForwardOptions } from './tcp-forward.js';
import { type Listener, TcpListener } from './tcp-listener.js';
import { UdpListener } from './udp-listener.js';

/** Why a frontend is not being served. */
export type ListenProblemReason = 'PortNotAllowed' | 'PortInUse' | 'ListenFailed';

export interface ListenProblem {
  serviceKey: string;
  protocol: ProxyProtocol;
  frontend: Frontend;
  reason: ListenProblemReason;
  error?: Error;
}

export interface DataplaneOptions {
  metrics: ProxyMetrics;
  tcp: TcpForwardOptions;
  udpIdleTimeoutMs: number;
  /** Whether this process may bind `port` (privileged ports need root or CAP_NET_BIND_SERVICE). */
  canBind(port: number): boolean;
  /** Called once per frontend and reason until it is served again. */
  onListenProblem(problem: ListenProblem): void;
  onRuntimeError(err: Error): void;
}

interface PortRuntime {
  state: ServicePortState;
  target: PortTarget;
  /** By `ip:port`; kept while the frontend exists, open only while the port has endpoints. */
  listeners: Map<string, Listener>;
}

/** What one Service port is serving right now (tests, dashboard). */
export interface ServedPort {
  id: string;
  protocol: ProxyProtocol;
  fallback: boolean;
  backends: string[];
  frontends: (Frontend & { listening: boolean })[];
}

export class Dataplane {
  private readonly services = new Map<string, Map<string, PortRuntime>>();
  private readonly problems = new Map<string, ListenProblemReason>();

  constructor(private readonly options: DataplaneOptions) {}

  /** Makes `serviceKey` serve `desired`; resolves once every listener that should open has (or failed to). */
  apply(serviceKey: string, desired: readonly ServicePortState[]): Promise<void> {
    const current = this.services.get(serviceKey) ?? new Map<string, PortRuntime>();
    const next = new Map<string, PortRuntime>();
    const opening: Promise<void>[] = [];
    for (const state of desired) {
      const rt = current.get(state.id) ?? this.newRuntime(serviceKey, state);
      current.delete(state.id);
      rt.state = state;
      rt.target.balancer.update(state.backends, state.affinityTimeoutMs);
      const serve = state.backends.length > 0;
      const frontends = new Map(state.frontends.map((f) => [`${f.ip}:${f.port}`, f]));
      for (const [key, listener] of rt.listeners) {
        if (frontends.has(key)) continue;
        listener.close();
        rt.listeners.delete(key);
      }
      for (const [key, frontend] of frontends) {
        let listener = rt.listeners.get(key);
        if (!listener) {
          listener = this.newListener(rt, frontend);
          rt.listeners.set(key, listener);
        }
        if (!serve) listener.close();
        else if (!listener.isOpen) opening.push(this.open(rt, frontend, listener));
        if (listener instanceof UdpListener) listener.dropStaleSessions();
      }
      next.set(state.id, rt);
    }
    for (const rt of current.values()) for (const l of rt.listeners.values()) l.close();
    if (next.size > 0) this.services.set(serviceKey, next);
    else this.services.delete(serviceKey);
    return opening.length > 0 ? Promise.all(opening).then(() => undefined) : Promise.resolve();
  }

  /** Stops every listener (connections already proxied continue until they end). */
  close(): void {
    for (const ports of this.services.values()) {
      for (const rt of ports.values()) for (const l of rt.listeners.values()) l.close();
    }
    this.services.clear();
  }

  describe(serviceKey?: string): ServedPort[] {
    const out: ServedPort[] = [];
    for (const [key, ports] of this.services) {
      if (serviceKey !== undefined && key !== serviceKey) continue;
      for (const rt of ports.values()) {
        out.push({
          id: rt.state.id,
          protocol: rt.state.protocol,
          fallback: rt.state.fallback,
          backends: rt.target.balancer.list().map((b) => b.key),
          frontends: rt.state.frontends.map((f) => ({
            ...f,
            listening: rt.listeners.get(`${f.ip}:${f.port}`)?.isOpen ?? false,
          })),
        });
      }
    }
    return out;
  }

  private newRuntime(serviceKey: string, state: ServicePortState): PortRuntime {
    const { metrics } = this.options;
    return {
      state,
      target: { balancer: new Balancer(), counters: metrics.service(serviceKey), metrics },
      listeners: new Map(),
    };
  }

  private newListener(rt: PortRuntime, f: Frontend): Listener {
    if (rt.state.protocol === 'UDP') return new UdpListener(f.ip, f.port, rt.target, this.options.udpIdleTimeoutMs);
    const tcp = this.options.tcp;
    return new TcpListener(f.ip, f.port, (socket) => forwardTcp(socket, rt.target, tcp), this.options.onRuntimeError);
  }

  private async open(rt: PortRuntime, frontend: Frontend, listener: Listener): Promise<void> {
    const { protocol, serviceKey } = rt.state;
    const problemKey = `${protocol}/${frontend.ip}:${frontend.port}`;
    let reason: ListenProblemReason | undefined;
    let error: Error | undefined;
    if (!this.options.canBind(frontend.port)) {
      reason = 'PortNotAllowed';
    } else {
      error = await listener.open();
      const code = (error as NodeJS.ErrnoException | undefined)?.code;
      if (error) reason = code === 'EACCES' ? 'PortNotAllowed' : code === 'EADDRINUSE' ? 'PortInUse' : 'ListenFailed';
    }
    if (!reason) {
      this.problems.delete(problemKey);
      return;
    }
    if (this.problems.get(problemKey) === reason) return;
    this.problems.set(problemKey, reason);
    this.options.onListenProblem({ serviceKey, protocol, frontend, reason, ...(error ? { error } : {}) });
  }
}
