/**
 * The HTTPS transport: node:https with a keep-alive agent trusting the cluster CA, authenticating with a bearer
 * token or a client certificate. Used by the CLI, the dashboard, tests, and any component run apart.
 */
import type { IncomingMessage } from 'node:http';
import { Agent, request as httpsRequest, type RequestOptions } from 'node:https';
import { createKubeClient } from './kube-client.js';
import { statusErrorFromResponse } from './status-decode.js';
import {
  LineSplitter,
  type StreamHandle,
  type Transport,
  type TransportRequest,
  type TransportResponse,
} from './transport.js';
import type { KubeClient } from './types.js';

export interface HttpsClientOptions {
  /** `https://127.0.0.1:6443` */
  server: string;
  /** PEM of the CA that signed the server's certificate. */
  caPem: string;
  token?: string;
  clientCertPem?: string;
  clientKeyPem?: string;
  fieldManager: string;
  /** Defaults to `<fieldManager>/kubeling`. */
  userAgent?: string;
}

function warningsOf(res: IncomingMessage): string[] {
  const raw = res.headers.warning;
  if (!raw) return [];
  const values = Array.isArray(raw) ? raw : [raw];
  return values.flatMap((v) => [...v.matchAll(/299 - "((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`)));
}

class HttpsTransport implements Transport {
  private readonly agent: Agent;
  private readonly base: URL;

  constructor(
    private readonly options: HttpsClientOptions,
    private readonly userAgent: string,
  ) {
    this.base = new URL(options.server);
    this.agent = new Agent({
      keepAlive: true,
      ca: options.caPem,
      ...(options.clientCertPem && options.clientKeyPem
        ? { cert: options.clientCertPem, key: options.clientKeyPem }
        : {}),
    });
  }

  private requestOptions(req: TransportRequest): RequestOptions {
    const query = req.query?.toString();
    const headers: Record<string, string> = {
      Accept: req.accept ?? 'application/json',
      'User-Agent': this.userAgent,
    };
    if (this.options.token) headers.Authorization = `Bearer ${this.options.token}`;
    if (req.contentType) headers['Content-Type'] = req.contentType;
    if (req.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(req.body));
    const basePath = this.base.pathname.replace(/\/$/, '');
    return {
      agent: this.agent,
      protocol: this.base.protocol,
      hostname: this.base.hostname.replace(/^\[|\]$/g, ''),
      port: this.base.port || 443,
      method: req.method,
      path: `${basePath}${req.path}${query ? `?${query}` : ''}`,
      headers,
    };
  }

  request(req: TransportRequest): Promise<TransportResponse> {
    return new Promise((resolve, reject) => {
      const r = httpsRequest(this.requestOptions(req), (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            text: Buffer.concat(chunks).toString('utf8'),
            warnings: warningsOf(res),
          }),
        );
        res.on('error', reject);
      });
      r.on('error', reject);
      r.end(req.body);
    });
  }

  stream(req: TransportRequest, onLine: (line: string) => void, onEnd: (err?: Error) => void): StreamHandle {
    let done = false;
    const end = (err?: Error) => {
      if (done) return;
      done = true;
      onEnd(err);
    };
    const r = httpsRequest(this.requestOptions(req), (res) => {
      const status = res.statusCode ?? 0;
      if (status < 200 || status > 299) {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => end(statusErrorFromResponse(status, Buffer.concat(chunks).toString('utf8'))));
        return;
      }
      res.setEncoding('utf8');
      const splitter = new LineSplitter((line) => {
        if (!done) onLine(line);
      });
      res.on('data', (chunk: string) => splitter.push(chunk));
      res.on('end', () => {
        splitter.flush();
        end();
      });
      res.on('close', () => {
        if (!res.complete) end(new Error('watch stream closed before its end'));
      });
      res.on('error', (err) => end(err));
    });
    r.on('error', (err) => end(err));
    r.end(req.body);
    return {
      stop: () => {
        done = true;
        r.destroy();
      },
    };
  }

  close(): void {
    this.agent.destroy();
  }
}

/** A client over HTTPS; `close()` releases its keep-alive connections. */
export function httpsClient(options: HttpsClientOptions): KubeClient {
  const transport = new HttpsTransport(options, options.userAgent ?? `${options.fieldManager}/kubeling`);
  return createKubeClient(transport, options.fieldManager);
}
