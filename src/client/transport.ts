/**
 * The byte-level seam under `KubeClient`: one request/response exchange, or one streamed response read line by
 * line (watch). The in-process and HTTPS transports implement it; `createKubeClient` builds the API on top.
 */

export interface TransportRequest {
  method: string;
  /** Absolute API path without query, e.g. `/api/v1/namespaces/default/pods`. */
  path: string;
  query?: URLSearchParams;
  /** Request body text (JSON, or YAML for apply when given as text). */
  body?: string;
  contentType?: string;
  /** Defaults to `application/json`. */
  accept?: string;
}

export interface TransportResponse {
  status: number;
  contentType: string;
  text: string;
  /** Texts of `Warning: 299` headers. */
  warnings: string[];
}

export interface StreamHandle {
  /** Ends the stream; `onEnd` is not called afterwards. */
  stop(): void;
}

export interface Transport {
  request(req: TransportRequest): Promise<TransportResponse>;
  /**
   * Opens a streamed response and hands over each complete line (without the newline), in order. A response
   * other than 2xx ends the stream with the `StatusError` it carries. `onEnd` fires at most once.
   */
  stream(req: TransportRequest, onLine: (line: string) => void, onEnd: (err?: Error) => void): StreamHandle;
  /** Releases sockets (HTTPS keep-alive agent); a no-op in process. */
  close(): void;
}

/** Splits streamed text into lines, keeping a partial last line until its newline arrives. */
export class LineSplitter {
  private rest = '';

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: string): void {
    const text = this.rest + chunk;
    const lines = text.split('\n');
    this.rest = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') this.onLine(line);
  }

  /** Delivers a last line that had no newline. */
  flush(): void {
    const line = this.rest;
    this.rest = '';
    if (line.trim() !== '') this.onLine(line);
  }
}
