/**
 * `GET /api/v1/namespaces/{ns}/pods/{name}/log`: what kube-apiserver does before proxying to the kubelet —
 * decode the PodLogOptions from the query (400 when a value does not parse), validate them (422 on
 * `PodLogOptions`), then stream the node agent's answer as `text/plain`. The API server knows no processes: the
 * node agent's endpoint (`KubeletEndpoints.logs` of src/node/node-types.ts, passed in by whoever wires the
 * cluster) finds the pod and the container and answers 404/400 in Kubernetes' words.
 */
import { Writable } from 'node:stream';
import type { StreamResponse } from '../api/http-types.js';
import { badRequest, type FieldError, invalid, methodNotAllowed } from '../api/status-error.js';
import type { SubresourceHandler } from './api-handler.js';

/** The pod log options as the node agent takes them (the shape of `LogOptions` in src/node/node-types.ts). */
export interface PodLogOptions {
  /** `''` when the request names no container: the endpoint picks the pod's only container or answers 400. */
  container: string;
  follow?: boolean;
  previous?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: string;
  timestamps?: boolean;
  limitBytes?: number;
}

/** The node agent's side (structurally `KubeletEndpoints`). */
export interface PodLogSource {
  /**
   * Streams the log into `out`; rejects with a StatusError before writing anything when there is nothing to
   * read (`pods "p" not found`, `container "c" in pod "p" is waiting to start: ContainerCreating`, ...).
   */
  logs(
    namespace: string,
    pod: string,
    options: PodLogOptions,
    out: NodeJS.WritableStream,
    signal: AbortSignal,
  ): Promise<void>;
}

/** Headers go out with the first byte (as through the kubelet), or after this long without an error. */
const openStreamAfterMs = 500;

/** Go's query conversion for booleans: absent, `0` and `false` (any case) are false; anything else is true. */
function parseBool(query: URLSearchParams, key: string): boolean | undefined {
  const v = query.get(key);
  if (v === null) return undefined;
  return !(v === '0' || v.toLowerCase() === 'false');
}

function parseInt64(query: URLSearchParams, key: string): number | undefined {
  const v = query.get(key);
  if (v === null || v === '') return undefined;
  if (!/^[+-]?\d+$/.test(v)) throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`);
  return Number(v);
}

const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function parseTime(query: URLSearchParams, key: string): string | undefined {
  const v = query.get(key);
  if (v === null || v === '') return undefined;
  if (!rfc3339.test(v) || Number.isNaN(Date.parse(v))) {
    throw badRequest(
      `parsing time ${JSON.stringify(v)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(v)}`,
    );
  }
  return v;
}

/** Decodes and validates the query as kube-apiserver does for pods/log. */
export function parsePodLogOptions(name: string, query: URLSearchParams): PodLogOptions {
  const options: PodLogOptions = { container: query.get('container') ?? '' };
  const follow = parseBool(query, 'follow');
  const previous = parseBool(query, 'previous');
  const timestamps = parseBool(query, 'timestamps');
  const tailLines = parseInt64(query, 'tailLines');
  const sinceSeconds = parseInt64(query, 'sinceSeconds');
  const limitBytes = parseInt64(query, 'limitBytes');
  const sinceTime = parseTime(query, 'sinceTime');
  if (follow) options.follow = true;
  if (previous) options.previous = true;
  if (timestamps) options.timestamps = true;
  if (tailLines !== undefined) options.tailLines = tailLines;
  if (sinceSeconds !== undefined) options.sinceSeconds = sinceSeconds;
  if (sinceTime !== undefined) options.sinceTime = sinceTime;
  if (limitBytes !== undefined) options.limitBytes = limitBytes;

  const errors: FieldError[] = [];
  if (tailLines !== undefined && tailLines < 0) {
    errors.push({
      type: 'FieldValueInvalid',
      field: 'tailLines',
      badValue: tailLines,
      detail: 'must be greater than or equal to 0',
    });
  }
  if (limitBytes !== undefined && limitBytes < 1) {
    errors.push({
      type: 'FieldValueInvalid',
      field: 'limitBytes',
      badValue: limitBytes,
      detail: 'must be greater than 0',
    });
  }
  if (sinceSeconds !== undefined && sinceTime !== undefined) {
    errors.push({
      type: 'FieldValueForbidden',
      field: '',
      detail: 'at most one of `sinceTime` or `sinceSeconds` may be specified',
    });
  } else if (sinceSeconds !== undefined && sinceSeconds < 1) {
    errors.push({
      type: 'FieldValueInvalid',
      field: 'sinceSeconds',
      badValue: sinceSeconds,
      detail: 'must be greater than 0',
    });
  }
  if (errors.length > 0) throw invalid('', 'PodLogOptions', name, errors);
  return options;
}

/** The handler for `pods/log` (register it as `subresources.set('pods/log', ...)`). */
export function createPodLogHandler(endpoints: PodLogSource): SubresourceHandler {
  return async (ri, req, res) => {
    if (ri.verb !== 'get') throw methodNotAllowed('the server does not allow this method on the requested resource');
    const options = parsePodLogOptions(ri.name, req.query);
    const abort = new AbortController();
    let stream: StreamResponse | undefined;
    const open = (): StreamResponse => {
      if (!stream) {
        stream = res.openStream(200, 'text/plain');
        stream.onClose(() => abort.abort());
      }
      return stream;
    };
    const out = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        open().write(chunk);
        callback();
      },
    });
    const opener = setTimeout(open, openStreamAfterMs);
    try {
      await endpoints.logs(ri.namespace, ri.name, options, out, abort.signal);
    } catch (err) {
      // Before anything was sent the error is the answer; after, the stream just ends (as a broken proxy does).
      if (!stream) throw err;
    } finally {
      clearTimeout(opener);
    }
    open().end();
  };
}
