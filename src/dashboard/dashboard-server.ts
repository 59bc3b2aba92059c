/**
 * The dashboard server: the web app, and a small JSON + server-sent-events backend that relays list + watch of
 * the kinds it draws and performs actions through the client, like any other API client. Every request needs
 * the dashboard's token (see request-auth.ts).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { badRequest, notFound, toStatusError } from '../api/status-error.js';
import type { KubeClient } from '../client/types.js';
import { parseAction, runAction } from './actions.js';
import { ClusterMirror, isResourceName } from './cluster-mirror.js';
import { objectYaml, podLogs } from './details.js';
import { openEventStream } from './event-stream.js';
import { type AuthSettings, checkRequest, newToken } from './request-auth.js';
import { StaticFiles } from './static-files.js';
import type { TrafficSource } from './traffic.js';
import { TrafficGenerator } from './traffic-generator.js';
import { TrafficMeter } from './traffic-meter.js';

export interface DashboardOptions {
  /** How the dashboard reaches the API (its writes use this client's field manager). */
  client: KubeClient;
  /** Address to listen on (default 127.0.0.1). */
  host?: string;
  /** 0 picks a free port. */
  port: number;
  /** Defaults to a fresh random token. */
  token?: string;
  /** The cluster's traffic counters; without one only the generator's own requests are counted. */
  traffic?: TrafficSource;
}

export interface RunningDashboard {
  /** `http://127.0.0.1:<port>/?token=<token>` */
  url: string;
  stop(): Promise<void>;
}

const maxBodyBytes = 64 * 1024;

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) throw badRequest('request body too large');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw badRequest('the request body is not JSON');
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(text);
}

function param(url: URL, name: string): string {
  const v = url.searchParams.get(name);
  if (!v) throw badRequest(`query parameter ${name} is required`);
  return v;
}

/** Starts the dashboard; resolves once it listens. */
export async function startDashboard(options: DashboardOptions): Promise<RunningDashboard> {
  const { client } = options;
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? newToken();
  const files = new StaticFiles();
  const mirror = new ClusterMirror(client);
  const generator = new TrafficGenerator({
    podIp: (ns, name) => {
      const ip = (mirror.get('pods', ns, name)?.status as { podIP?: string } | undefined)?.podIP;
      return ip || undefined;
    },
  });
  const meter = new TrafficMeter(generator, options.traffic);
  const streams = new Set<() => void>();
  let auth: AuthSettings | undefined;

  const routes = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const route = `${req.method} ${url.pathname}`;
    if (route === 'GET /') {
      const page = await files.app('index.html');
      if (!page) throw notFound({ group: '', resource: 'files' }, 'index.html');
      res.writeHead(200, { 'content-type': page.contentType, 'cache-control': 'no-store' });
      res.end(page.body);
      return;
    }
    const asset = /^GET \/(app|vendor)\/([^/]+)$/.exec(route);
    if (asset) {
      const [, folder, name = ''] = asset;
      const file = folder === 'app' ? await files.app(name) : await files.vendor(name);
      if (!file) throw notFound({ group: '', resource: 'files' }, name);
      res.writeHead(200, { 'content-type': file.contentType, 'cache-control': 'no-cache' });
      res.end(file.body);
      return;
    }
    switch (route) {
      case 'GET /api/stream': {
        const close = await openEventStream(res, mirror, meter, url.searchParams.get('namespace') ?? '');
        streams.add(close);
        res.on('close', () => streams.delete(close));
        return;
      }
      case 'GET /api/object': {
        const resource = param(url, 'resource');
        if (!isResourceName(resource)) throw badRequest(`unknown resource ${resource}`);
        const namespace = resource === 'namespaces' ? '' : param(url, 'namespace');
        return sendJson(res, 200, await objectYaml(client, resource, namespace, param(url, 'name')));
      }
      case 'GET /api/logs': {
        const container = url.searchParams.get('container') ?? undefined;
        return sendJson(res, 200, await podLogs(client, param(url, 'namespace'), param(url, 'name'), container));
      }
      case 'POST /api/actions':
        return sendJson(res, 200, await runAction(client, parseAction(await readJson(req))));
      case 'POST /api/traffic': {
        trafficCommand(await readJson(req));
        meter.publish();
        return sendJson(res, 200, generator.status());
      }
    }
    throw notFound({ group: '', resource: 'paths' }, url.pathname);
  };

  const trafficCommand = (body: unknown) => {
    const b = (body ?? {}) as { command?: unknown; namespace?: unknown; service?: unknown };
    if (b.command === 'stop') return generator.stop();
    if (b.command !== 'start' || typeof b.namespace !== 'string' || typeof b.service !== 'string') {
      throw badRequest('expected {"command":"start","namespace":...,"service":...} or {"command":"stop"}');
    }
    const svc = mirror.get('services', b.namespace, b.service) as
      | { spec?: { clusterIP?: string; ports?: { port: number; protocol?: string }[] } }
      | undefined;
    if (!svc) throw notFound({ group: '', resource: 'services' }, b.service);
    const ip = svc.spec?.clusterIP;
    const port = svc.spec?.ports?.find((p) => (p.protocol ?? 'TCP') === 'TCP')?.port;
    if (!ip || ip === 'None' || !port)
      throw badRequest(`service "${b.service}" has no ClusterIP and TCP port to send to`);
    generator.start({ namespace: b.namespace, name: b.service, ip, port });
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://dashboard.invalid');
    const outcome = auth ? checkRequest(req, url, auth) : ({ ok: false, status: 401, message: 'starting' } as const);
    if (!outcome.ok) {
      res.writeHead(outcome.status, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`${outcome.message}\n`);
      return;
    }
    if (outcome.setCookie) res.setHeader('set-cookie', outcome.setCookie);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    routes(req, res, url).catch((err: unknown) => {
      const status = toStatusError(err);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendJson(res, status.code, status.toStatus());
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((err: unknown) => {
    mirror.stop();
    throw err;
  });
  const { port } = server.address() as AddressInfo;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  const loopbackNames = host === '127.0.0.1' || host === '::1' ? ['localhost', '127.0.0.1', '[::1]'] : [];
  auth = { token, port, hosts: [...new Set([hostInUrl, ...loopbackNames])] };

  return {
    url: `http://${hostInUrl}:${port}/?token=${token}`,
    async stop() {
      generator.stop();
      meter.stop();
      for (const close of [...streams]) close();
      mirror.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
