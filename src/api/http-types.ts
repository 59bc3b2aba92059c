/** The API pipeline's view of a request and its response, independent of node:http (so an in-process
 * transport can drive the same pipeline). */

export interface UserInfo {
  name: string;
  groups: string[];
}

export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  header(name: string): string | undefined;
  /** Reads the whole body; rejects with 413 beyond the limit. */
  readBody(): Promise<Buffer>;
  user: UserInfo;
}

export interface StreamResponse {
  write(chunk: string | Buffer): void;
  end(): void;
  /** Called once when the client goes away or the stream ends. */
  onClose(listener: () => void): void;
}

export interface ApiResponse {
  /** Adds an HTTP `Warning: 299 - "<text>"` header (before the response is sent). */
  addWarning(text: string): void;
  sendJson(status: number, body: unknown, contentType?: string): void;
  sendRaw(status: number, contentType: string, body: Buffer | string): void;
  /** Starts a streamed response; headers are flushed at once (watch clients depend on it). */
  openStream(status: number, contentType: string): StreamResponse;
}

/** Anything that serves the API pipeline (the API server's handler); the in-process transport drives it. */
export interface ApiRequestHandler {
  handle(req: ApiRequest, res: ApiResponse): Promise<void>;
}
