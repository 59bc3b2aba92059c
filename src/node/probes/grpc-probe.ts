import http2 from 'node:http2';
import type { GRPCAction } from 'kubernetes-types/core/v1.js';
import type { ProbeOutcome } from '../node-types.js';
import { goQuote, joinHostPort } from './go-net-errors.js';
import { probeUserAgent } from './http-probe.js';

/** `grpc.health.v1.HealthCheckResponse.ServingStatus` names. */
const servingStatus = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'];

/** gRPC status code names as grpc-go prints them (`codes.Code.String`). */
const codeNames = [
  'OK',
  'Canceled',
  'Unknown',
  'InvalidArgument',
  'DeadlineExceeded',
  'NotFound',
  'AlreadyExists',
  'PermissionDenied',
  'ResourceExhausted',
  'FailedPrecondition',
  'Aborted',
  'OutOfRange',
  'Unimplemented',
  'Internal',
  'Unavailable',
  'DataLoss',
  'Unauthenticated',
];

/** Go's `time.Duration.String` for whole milliseconds: `1s`, `1.5s`, `500ms`. */
export function goDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  return `${ms / 1000}s`;
}

/** The length-prefixed `HealthCheckRequest{service}` message. */
export function healthCheckRequest(service: string): Buffer {
  const name = Buffer.from(service, 'utf8');
  const body = name.length === 0 ? Buffer.alloc(0) : Buffer.concat([Buffer.from([0x0a]), varint(name.length), name]);
  const prefix = Buffer.alloc(5);
  prefix.writeUInt32BE(body.length, 1);
  return Buffer.concat([prefix, body]);
}

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest & 0x7f) | 0x80);
    rest >>>= 7;
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

/** Reads `status` (field 1) from a length-prefixed `HealthCheckResponse`; 0 (UNKNOWN) when absent. */
export function healthCheckStatus(frame: Buffer): number {
  const length = frame.length >= 5 ? frame.readUInt32BE(1) : 0;
  const body = frame.subarray(5, 5 + length);
  let i = 0;
  let status = 0;
  const readVarint = () => {
    let value = 0;
    let shift = 0;
    while (i < body.length) {
      const byte = body[i++] ?? 0;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) break;
      shift += 7;
    }
    return value;
  };
  while (i < body.length) {
    const tag = readVarint();
    const wire = tag & 7;
    if (wire === 0) {
      const value = readVarint();
      if (tag >>> 3 === 1) status = value;
    } else if (wire === 2) i += readVarint();
    else if (wire === 1) i += 8;
    else if (wire === 5) i += 4;
    else break;
  }
  return status;
}

/** grpc-go's code for a non-200 HTTP status (`HTTPStatusConvTab`). */
function codeForHttpStatus(status: number): number {
  const table: Record<number, number> = { 400: 13, 401: 16, 403: 7, 404: 12, 429: 14, 502: 14, 503: 14, 504: 14 };
  return table[status] ?? 2;
}

function connect(authority: string, deadline: number): Promise<http2.ClientHttp2Session | undefined> {
  return new Promise((resolve) => {
    const attempt = () => {
      const session = http2.connect(`http://${authority}`);
      session.once('connect', () => {
        session.removeAllListeners('error');
        session.on('error', () => {});
        resolve(session);
      });
      session.once('error', () => {
        session.destroy();
        const left = deadline - Date.now();
        if (left <= 0) resolve(undefined);
        else setTimeout(attempt, Math.min(100, left));
      });
    };
    attempt();
  });
}

interface RpcAnswer {
  code: number;
  message: string;
  payload: Buffer;
}

function call(session: http2.ClientHttp2Session, service: string, timeoutMs: number): Promise<RpcAnswer | 'timeout'> {
  return new Promise((resolve) => {
    const stream = session.request({
      ':method': 'POST',
      ':path': '/grpc.health.v1.Health/Check',
      'content-type': 'application/grpc',
      te: 'trailers',
      'user-agent': probeUserAgent,
      'grpc-timeout': `${Math.max(1, timeoutMs)}m`,
    });
    const chunks: Buffer[] = [];
    let code: number | undefined;
    let message = '';
    const read = (headers: http2.IncomingHttpHeaders) => {
      const status = headers['grpc-status'];
      if (typeof status === 'string') code = Number(status);
      const text = headers['grpc-message'];
      if (typeof text === 'string') message = decodeURIComponent(text);
    };
    const timer = setTimeout(() => {
      stream.close(http2.constants.NGHTTP2_CANCEL);
      resolve('timeout');
    }, timeoutMs);
    stream.on('response', (headers) => {
      const status = Number(headers[':status']);
      if (status !== 200) {
        code = codeForHttpStatus(status);
        message = `unexpected HTTP status code received from server: ${status}`;
      }
      read(headers);
    });
    stream.on('trailers', read);
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', (error) => {
      code ??= 14;
      message ||= error.message;
    });
    stream.on('close', () => {
      clearTimeout(timer);
      resolve({
        code: code ?? 13,
        message: code === undefined ? 'server closed the stream without sending trailers' : message,
        payload: Buffer.concat(chunks),
      });
    });
    stream.end(healthCheckRequest(service));
  });
}

/**
 * Runs a grpc probe like the kubelet: `grpc.health.v1.Health/Check` over cleartext HTTP/2 on the pod IP, connecting
 * and calling within `timeoutMs`; SERVING succeeds, anything else fails with upstream's wording.
 */
export async function runGrpcProbe(action: GRPCAction, podIP: string, timeoutMs: number): Promise<ProbeOutcome> {
  const authority = joinHostPort(podIP, action.port);
  const within = goDuration(timeoutMs);
  const started = Date.now();
  const session = await connect(authority, started + timeoutMs);
  if (!session) {
    return {
      success: false,
      message: `timeout: failed to connect service ${goQuote(authority)} within ${within}: context deadline exceeded`,
    };
  }
  try {
    const answer = await call(session, action.service ?? '', Math.max(1, started + timeoutMs - Date.now()));
    if (answer === 'timeout' || answer.code === 4) {
      return { success: false, message: `timeout: health rpc did not complete within ${within}` };
    }
    if (answer.code === 12) {
      return {
        success: false,
        message: `error: this server does not implement the grpc health protocol (grpc.health.v1.Health): ${answer.message}`,
      };
    }
    if (answer.code !== 0) {
      const name = codeNames[answer.code] ?? `Code(${answer.code})`;
      return {
        success: false,
        message: `error: health rpc probe failed: rpc error: code = ${name} desc = ${answer.message}`,
      };
    }
    const status = healthCheckStatus(answer.payload);
    if (status !== 1) {
      const name = servingStatus[status] ?? String(status);
      return { success: false, message: `service unhealthy (responded with ${goQuote(name)})` };
    }
    return { success: true, message: '' };
  } finally {
    session.destroy();
  }
}
