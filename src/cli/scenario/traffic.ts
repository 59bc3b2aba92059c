/**
 * A gentle traffic source for the seed scenario: one HTTP request every interval through the Service's ClusterIP,
 * each on a new connection (as a new client would), counting answers per pod from hello-app's `Hostname:` line.
 */
import { request } from 'node:http';

export interface TrafficCounts {
  /** Successful answers per pod name. */
  perPod: Map<string, number>;
  failures: number;
  sent: number;
  lastError: string | undefined;
}

export interface TrafficGenerator {
  counts: TrafficCounts;
  stop(): void;
}

/** Sends one GET to `http://host:port/` and resolves with the hostname hello-app reported. */
export function helloRequest(host: string, port: number, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, path: '/', agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        body += c;
      });
      res.on('end', () => {
        const hostname = /Hostname: (\S+)/.exec(body)?.[1];
        if (res.statusCode === 200 && hostname) resolve(hostname);
        else reject(new Error(`HTTP ${res.statusCode}: ${body.slice(0, 80)}`));
      });
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}

export function startTraffic(
  target: () => { host: string; port: number } | undefined,
  intervalMs = 100,
): TrafficGenerator {
  const counts: TrafficCounts = { perPod: new Map(), failures: 0, sent: 0, lastError: undefined };
  let stopped = false;
  const tick = async () => {
    while (!stopped) {
      const t = target();
      if (t) {
        counts.sent++;
        try {
          const pod = await helloRequest(t.host, t.port);
          counts.perPod.set(pod, (counts.perPod.get(pod) ?? 0) + 1);
        } catch (err) {
          counts.failures++;
          counts.lastError = err instanceof Error ? err.message : String(err);
        }
      }
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  };
  void tick();
  return {
    counts,
    stop() {
      stopped = true;
    },
  };
}
