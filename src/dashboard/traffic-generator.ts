/**
 * The dashboard's traffic generator: a few plain HTTP GETs per second to a Service's ClusterIP, each on a new
 * connection so the service proxy spreads them over the endpoints. It counts its own requests per endpoint
 * when the answer names its pod (`Hostname: <pod>`, as hello-app answers), so counters move even without a
 * cluster-wide traffic source; when nothing answers at the ClusterIP it reports traffic as unavailable.
 */
import { request } from 'node:http';
import type { GeneratorStatus, ServiceTraffic, TrafficSnapshot } from './traffic.js';

export interface GeneratorTarget {
  namespace: string;
  name: string;
  /** The Service's ClusterIP. */
  ip: string;
  port: number;
}

export interface TrafficGeneratorOptions {
  /** Requests per second (default 5: gentle). */
  ratePerSecond?: number;
  /** Per request (default 2000 ms). */
  timeoutMs?: number;
  /** The IP of a pod, to place a request on its endpoint (from the dashboard's pod cache). */
  podIp?: (namespace: string, podName: string) => string | undefined;
}

/** Consecutive failures, with nothing answered since, after which traffic is reported unavailable. */
const unavailableAfter = 3;
const maxInFlight = 4;
const maxBody = 4096;

interface Counted {
  requests: number;
  podName?: string;
}

export class TrafficGenerator {
  private target: GeneratorTarget | undefined;
  private timer: NodeJS.Timeout | undefined;
  private inFlight = 0;
  private failuresInARow = 0;
  private readonly state: Omit<GeneratorStatus, 'running' | 'target' | 'address'> = {
    sent: 0,
    answered: 0,
    failed: 0,
    available: true,
  };
  /** By `namespace/name`, then endpoint IP ('' when the answer named no pod we know). */
  private readonly counts = new Map<string, Map<string, Counted>>();
  private readonly intervalMs: number;
  private readonly timeoutMs: number;

  constructor(private readonly options: TrafficGeneratorOptions = {}) {
    this.intervalMs = 1000 / (options.ratePerSecond ?? 5);
    this.timeoutMs = options.timeoutMs ?? 2000;
  }

  /** Sends to `target` from now on (replacing any previous target). */
  start(target: GeneratorTarget): void {
    this.stop();
    this.target = target;
    this.failuresInARow = 0;
    this.state.available = true;
    delete this.state.message;
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.tick();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  status(): GeneratorStatus {
    const t = this.target;
    return {
      running: this.timer !== undefined,
      ...(t ? { target: `${t.namespace}/${t.name}`, address: `${t.ip}:${t.port}` } : {}),
      ...this.state,
    };
  }

  /** The generator's own cumulative counts, in the shape of a traffic source. */
  snapshot(): TrafficSnapshot {
    const services: ServiceTraffic[] = [];
    for (const [key, endpoints] of this.counts) {
      const [namespace = '', name = ''] = key.split('/');
      services.push({
        namespace,
        name,
        perEndpoint: [...endpoints].map(([ip, c]) => ({
          ip,
          requests: c.requests,
          connections: c.requests,
          ...(c.podName ? { podName: c.podName } : {}),
        })),
      });
    }
    return { services, ingresses: [] };
  }

  private tick(): void {
    const target = this.target;
    if (!target || this.inFlight >= maxInFlight) return;
    this.inFlight++;
    this.state.sent++;
    this.send(target).then(
      (podName) => {
        this.inFlight--;
        this.failuresInARow = 0;
        this.state.answered++;
        this.state.available = true;
        delete this.state.message;
        this.count(target, podName);
      },
      (err: Error) => {
        this.inFlight--;
        this.failuresInARow++;
        this.state.failed++;
        const reason = (err as NodeJS.ErrnoException).code ?? err.message;
        if (this.failuresInARow >= unavailableAfter) {
          this.state.available = false;
          this.state.message = `nothing answers at ${target.ip}:${target.port} (${reason}): is the service proxy running?`;
        } else {
          this.state.message = `last request failed: ${reason}`;
        }
      },
    );
  }

  private count(target: GeneratorTarget, podName: string | undefined): void {
    const key = `${target.namespace}/${target.name}`;
    let endpoints = this.counts.get(key);
    if (!endpoints) {
      endpoints = new Map();
      this.counts.set(key, endpoints);
    }
    const ip = podName ? (this.options.podIp?.(target.namespace, podName) ?? '') : '';
    const c = endpoints.get(ip) ?? { requests: 0 };
    c.requests++;
    if (podName && ip) c.podName = podName;
    endpoints.set(ip, c);
  }

  /** One GET on a fresh connection; resolves with the pod the answer names, if any. */
  private send(target: GeneratorTarget): Promise<string | undefined> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: target.ip,
          port: target.port,
          path: '/',
          agent: false,
          timeout: this.timeoutMs,
          headers: { connection: 'close', 'user-agent': 'kubeling-dashboard-traffic' },
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            if (body.length < maxBody) body += chunk;
          });
          res.on('end', () => resolve(/^Hostname:\s*(\S+)/m.exec(body)?.[1]));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
      req.on('error', reject);
      req.end();
    });
  }
}
