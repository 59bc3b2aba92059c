/**
 * A UDP frontend: datagrams from each client address:port form a session bound to one endpoint (chosen like a
 * TCP connection, affinity included) through its own connected socket, so replies find their way back. Sessions
 * end after an idle timeout (conntrack's UDP timeout), when their endpoint leaves the Service (kube-proxy flushes
 * UDP conntrack entries for the same reason), or when the endpoint refuses.
 */
import { createSocket, type Socket } from 'node:dgram';
import type { EndpointCounters } from './metrics.js';
import type { Backend } from './service-ports.js';
import type { PortTarget } from './tcp-forward.js';
import type { Listener } from './tcp-listener.js';

/** conntrack's `nf_conntrack_udp_timeout`. */
export const defaultUdpIdleTimeoutMs = 30_000;

interface Session {
  upstream: Socket;
  backend: Backend;
  counters: EndpointCounters;
  lastActive: number;
  /** Datagrams waiting for the upstream socket to connect. */
  queue: Buffer[] | undefined;
}

export class UdpListener implements Listener {
  private socket: Socket | undefined;
  private readonly sessions = new Map<string, Session>();
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    readonly ip: string,
    readonly port: number,
    private readonly target: PortTarget,
    private readonly idleTimeoutMs = defaultUdpIdleTimeoutMs,
  ) {}

  get isOpen(): boolean {
    return this.socket !== undefined;
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  open(): Promise<Error | undefined> {
    if (this.socket) return Promise.resolve(undefined);
    const socket = createSocket({ type: 'udp4' });
    this.socket = socket;
    socket.on('message', (msg, rinfo) => this.onMessage(socket, msg, rinfo.address, rinfo.port));
    return new Promise((resolve) => {
      socket.once('error', (err) => {
        if (this.socket === socket) this.socket = undefined;
        socket.close();
        resolve(err);
      });
      socket.once('listening', () => {
        socket.removeAllListeners('error');
        socket.on('error', () => {});
        this.sweeper = setInterval(() => this.sweep(), Math.min(5000, this.idleTimeoutMs / 2));
        this.sweeper.unref();
        resolve(undefined);
      });
      socket.bind({ address: this.ip, port: this.port, exclusive: true });
    });
  }

  close(): void {
    clearInterval(this.sweeper);
    for (const key of [...this.sessions.keys()]) this.endSession(key);
    const socket = this.socket;
    this.socket = undefined;
    if (socket) socket.close();
  }

  /** Ends the sessions whose endpoint is no longer among the Service's. */
  dropStaleSessions(): void {
    for (const [key, s] of this.sessions) if (!this.target.balancer.has(s.backend.key)) this.endSession(key);
  }

  private onMessage(socket: Socket, msg: Buffer, address: string, port: number): void {
    const key = `${address}:${port}`;
    let session = this.sessions.get(key);
    if (!session) {
      session = this.startSession(socket, key, address, port);
      if (!session) return;
    }
    session.lastActive = Date.now();
    this.target.counters.bytesIn += msg.length;
    session.counters.bytesIn += msg.length;
    if (session.queue) session.queue.push(msg);
    else session.upstream.send(msg);
  }

  private startSession(socket: Socket, key: string, address: string, port: number): Session | undefined {
    const { balancer, counters: svc, metrics } = this.target;
    const backend = balancer.pick(address);
    if (!backend) {
      svc.failures++;
      return undefined;
    }
    const counters = metrics.endpoint(svc, backend.key);
    svc.connections++;
    svc.active++;
    counters.connections++;
    counters.active++;
    const upstream = createSocket({ type: 'udp4' });
    const session: Session = { upstream, backend, counters, lastActive: Date.now(), queue: [] };
    this.sessions.set(key, session);
    upstream.on('message', (reply) => {
      session.lastActive = Date.now();
      svc.bytesOut += reply.length;
      counters.bytesOut += reply.length;
      socket.send(reply, port, address);
    });
    upstream.on('error', () => {
      // ICMP port unreachable on a connected socket: the endpoint refuses; the next datagram picks again.
      counters.failures++;
      balancer.reportFailure(backend.key);
      this.endSession(key);
    });
    upstream.connect(backend.port, backend.ip, () => {
      const queued = session.queue ?? [];
      session.queue = undefined;
      if (this.sessions.get(key) !== session) return;
      for (const m of queued) upstream.send(m);
    });
    return session;
  }

  private endSession(key: string): void {
    const s = this.sessions.get(key);
    if (!s) return;
    this.sessions.delete(key);
    this.target.counters.active--;
    s.counters.active--;
    try {
      s.upstream.close();
    } catch {
      // Already closed.
    }
  }

  private sweep(): void {
    const cutoff = Date.now() - this.idleTimeoutMs;
    for (const [key, s] of this.sessions) if (s.lastActive < cutoff) this.endSession(key);
  }
}
