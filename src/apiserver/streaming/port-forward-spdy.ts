/**
 * Port-forward streams over SPDY (raw, or tunnelled in WebSocket), as the kubelet serves them: for each local
 * connection the client opens an `error` and a `data` stream carrying the same `port` and `requestid`; once both
 * are there the pod's port is dialled and bytes are copied both ways. When the pod side closes, the data stream
 * and the error stream are FINned (kubectl waits for the error stream's EOF). A refused connection is reported as
 * text on the error stream.
 */
import type { Duplex } from 'node:stream';
import type { PodStreamingBackend } from './backend.js';
import type { SpdyStream } from './spdy-stream.js';

export interface PortForwardTarget {
  namespace: string;
  pod: string;
  uid: string;
  backend: PodStreamingBackend;
}

interface Pair {
  error?: SpdyStream;
  data?: SpdyStream;
  timer: NodeJS.Timeout;
}

/** How long the second stream of a pair may take to arrive (the kubelet's streamCreationTimeout). */
const pairTimeoutMs = 30_000;

function invalid(stream: SpdyStream): string | undefined {
  const port = stream.header('port');
  if (!port) return '"port" header is required';
  const n = Number(port);
  if (!/^\d+$/.test(port) || n < 1 || n > 65535) return `unable to parse "${port}" as a port`;
  const type = stream.header('streamtype');
  if (!type) return '"streamType" header is required';
  if (type !== 'error' && type !== 'data') return `invalid stream type "${type}"`;
  return undefined;
}

/** The per-connection handler; pass `onStream` to the SPDY session. */
export class PortForwardStreams {
  private readonly pairs = new Map<string, Pair>();
  private readonly active = new Set<Duplex>();

  constructor(private readonly target: PortForwardTarget) {}

  readonly onStream = (stream: SpdyStream): void => {
    if (invalid(stream)) {
      stream.reset();
      return;
    }
    const type = stream.header('streamtype') as 'error' | 'data';
    const id = this.requestId(stream, type);
    let pair = this.pairs.get(id);
    if (!pair) {
      const timer = setTimeout(() => this.expire(id), pairTimeoutMs);
      timer.unref();
      pair = { timer };
      this.pairs.set(id, pair);
    }
    if (pair[type]) {
      stream.reset();
      return;
    }
    pair[type] = stream;
    if (pair.error && pair.data) {
      clearTimeout(pair.timer);
      this.pairs.delete(id);
      void this.forward(pair.error, pair.data);
    }
  };

  /** Ends every forwarded connection (the session is going away). */
  close(): void {
    for (const pair of this.pairs.values()) clearTimeout(pair.timer);
    this.pairs.clear();
    for (const socket of this.active) socket.destroy();
  }

  /** Clients older than the `requestid` header pair streams by id: error n, data n+2. */
  private requestId(stream: SpdyStream, type: 'error' | 'data'): string {
    const id = stream.header('requestid');
    if (id) return id;
    return String(type === 'error' ? stream.id : stream.id - 2);
  }

  private expire(id: string): void {
    const pair = this.pairs.get(id);
    this.pairs.delete(id);
    pair?.error?.end(`(request=${id}) timed out waiting for streams`);
    pair?.data?.reset();
  }

  private async forward(error: SpdyStream, data: SpdyStream): Promise<void> {
    // The client half-closes the error stream at once; drain it so the stream can finish.
    error.resume();
    const port = Number(data.header('port'));
    const { namespace, pod, uid, backend } = this.target;
    let conn: Duplex;
    try {
      conn = await backend.portForward(namespace, pod, port);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      error.end(`error forwarding port ${port} to pod ${pod}, uid ${uid}: ${reason}`);
      data.reset();
      return;
    }
    if (data.destroyed) {
      conn.destroy();
      return;
    }
    this.active.add(conn);
    conn.on('error', () => conn.destroy());
    data.on('error', () => data.destroy());
    data.pipe(conn);
    conn.pipe(data);
    const finish = () => {
      if (!data.destroyed) data.end();
      if (!error.destroyed) error.end();
    };
    conn.on('end', finish);
    conn.on('close', () => {
      this.active.delete(conn);
      finish();
    });
    data.on('close', () => {
      if (data.resetByPeer !== undefined || data.connectionLost) conn.destroy();
    });
  }
}
