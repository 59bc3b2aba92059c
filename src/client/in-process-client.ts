/**
 * The in-process transport: builds `ApiRequest`/`ApiResponse` objects and drives the API server's handler
 * directly, with no socket but the whole pipeline (routing, defaulting, validation, admission, storage, watch).
 * Bodies cross the boundary as JSON text both ways, so neither side can mutate the other's objects, and watch
 * lines are delivered on a later turn of the event loop, never inside the server's write.
 */
import type { ApiRequest, ApiRequestHandler, ApiResponse, StreamResponse, UserInfo } from '../api/http-types.js';
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

export interface InProcessClientOptions {
  /** Written into managedFields on writes (e.g. `kube-controller-manager`). */
  fieldManager: string;
  /** Who the requests come from; defaults to a cluster admin (`system:masters`). */
  user?: UserInfo;
  /** Defaults to `<fieldManager>/kubeling`. */
  userAgent?: string;
}

const defaultUser: UserInfo = { name: 'system:kubeling', groups: ['system:masters', 'system:authenticated'] };

function apiRequest(req: TransportRequest, user: UserInfo, userAgent: string): ApiRequest {
  const headers = new Map<string, string>([
    ['accept', req.accept ?? 'application/json'],
    ['user-agent', userAgent],
  ]);
  if (req.contentType) headers.set('content-type', req.contentType);
  const body = Buffer.from(req.body ?? '', 'utf8');
  if (req.body !== undefined) headers.set('content-length', String(body.length));
  return {
    method: req.method,
    path: req.path,
    query: new URLSearchParams(req.query),
    header: (name) => headers.get(name.toLowerCase()),
    readBody: async () => body,
    user,
  };
}

/** A stream whose close listeners stop the server side; `closed` once either side ends it. */
class InProcessStream implements StreamResponse {
  private readonly listeners: (() => void)[] = [];
  private closed = false;

  constructor(
    private readonly onChunk: (chunk: string) => void,
    private readonly onEnd: () => void,
  ) {}

  write(chunk: string | Buffer): void {
    if (!this.closed) this.onChunk(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
  }

  end(): void {
    if (this.closed) return;
    this.close();
    this.onEnd();
  }

  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.listeners.push(listener);
  }

  /** Ends the stream without telling the reader (the reader went away). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const l of this.listeners.splice(0)) l();
  }
}

class InProcessTransport implements Transport {
  constructor(
    private readonly handler: ApiRequestHandler,
    private readonly user: UserInfo,
    private readonly userAgent: string,
  ) {}

  request(req: TransportRequest): Promise<TransportResponse> {
    return new Promise((resolve, reject) => {
      const warnings: string[] = [];
      let answered = false;
      const answer = (status: number, contentType: string, text: string) => {
        if (answered) return;
        answered = true;
        resolve({ status, contentType, text, warnings });
      };
      const res: ApiResponse = {
        addWarning: (text) => warnings.push(text),
        sendJson: (status, body, contentType = 'application/json') => answer(status, contentType, JSON.stringify(body)),
        sendRaw: (status, contentType, body) =>
          answer(status, contentType, typeof body === 'string' ? body : body.toString('utf8')),
        openStream: (status, contentType) => {
          let text = '';
          return new InProcessStream(
            (chunk) => {
              text += chunk;
            },
            () => answer(status, contentType, text),
          );
        },
      };
      this.handler.handle(apiRequest(req, this.user, this.userAgent), res).then(
        () => {
          if (!answered) reject(new Error(`${req.method} ${req.path}: the API handler sent no response`));
        },
        (err: unknown) => reject(err instanceof Error ? err : new Error(String(err))),
      );
    });
  }

  stream(req: TransportRequest, onLine: (line: string) => void, onEnd: (err?: Error) => void): StreamHandle {
    let stopped = false;
    let stream: InProcessStream | undefined;
    // Lines are queued and delivered together on a later turn, in order, followed by the end if it came.
    const pending: string[] = [];
    let ended: { err?: Error } | undefined;
    let scheduled = false;
    const drain = () => {
      scheduled = false;
      while (!stopped && pending.length > 0) onLine(pending.shift() as string);
      if (!stopped && ended) {
        stopped = true;
        onEnd(ended.err);
      }
    };
    const schedule = () => {
      if (scheduled || stopped) return;
      scheduled = true;
      setImmediate(drain);
    };
    const finish = (err?: Error) => {
      if (ended) return;
      ended = err ? { err } : {};
      schedule();
    };
    const splitter = new LineSplitter((line) => {
      pending.push(line);
      schedule();
    });
    const res: ApiResponse = {
      addWarning: () => {},
      sendJson: (status, body) => finish(statusErrorFromResponse(status < 300 ? 500 : status, JSON.stringify(body))),
      sendRaw: (status, _contentType, body) =>
        finish(statusErrorFromResponse(status < 300 ? 500 : status, typeof body === 'string' ? body : body.toString())),
      openStream: (status) => {
        stream = new InProcessStream(
          (chunk) => splitter.push(chunk),
          () => {
            splitter.flush();
            finish();
          },
        );
        if (status < 200 || status > 299) finish(statusErrorFromResponse(status, ''));
        if (stopped) stream.close();
        return stream;
      },
    };
    this.handler.handle(apiRequest(req, this.user, this.userAgent), res).then(
      () => {
        if (!stream) finish();
      },
      (err: unknown) => finish(err instanceof Error ? err : new Error(String(err))),
    );
    return {
      stop: () => {
        stopped = true;
        pending.length = 0;
        stream?.close();
      },
    };
  }

  close(): void {}
}

/** A client that drives `handler` in this process (controllers, scheduler, node agent of `kubeling up`). */
export function inProcessClient(handler: ApiRequestHandler, options: InProcessClientOptions): KubeClient {
  const transport = new InProcessTransport(
    handler,
    options.user ?? defaultUser,
    options.userAgent ?? `${options.fieldManager}/kubeling`,
  );
  return createKubeClient(transport, options.fieldManager);
}
