import assert from 'node:assert/strict';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import type { ProbeTarget } from '../node-types.js';
import { goDuration, healthCheckRequest, healthCheckStatus } from './grpc-probe.js';
import { runProbe } from './probe-runner.js';
import { closedPort } from './probe-test-helpers.js';

/** Reads `service` (field 1) from a length-prefixed HealthCheckRequest. */
function serviceOf(frame: Buffer): string {
  const body = frame.subarray(5);
  if (body.length === 0 || body[0] !== 0x0a) return '';
  return body.subarray(2, 2 + (body[1] ?? 0)).toString('utf8');
}

function responseFrame(status: number): Buffer {
  const frame = Buffer.from([0, 0, 0, 0, 2, 0x08, status]);
  return frame;
}

let server: http2.Http2Server;
let port: number;
const userAgents: string[] = [];

before(async () => {
  server = http2.createServer();
  server.on('stream', (stream, headers) => {
    userAgents.push(String(headers['user-agent']));
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      const service = serviceOf(Buffer.concat(chunks));
      if (headers[':path'] !== '/grpc.health.v1.Health/Check' || service === 'unimplemented') {
        stream.respond(
          {
            ':status': 200,
            'content-type': 'application/grpc',
            'grpc-status': '12',
            'grpc-message': 'unknown service grpc.health.v1.Health',
          },
          { endStream: true },
        );
        return;
      }
      if (service === 'slow') return;
      if (service === 'missing') {
        stream.respond(
          {
            ':status': 200,
            'content-type': 'application/grpc',
            'grpc-status': '5',
            'grpc-message': 'unknown%20service',
          },
          { endStream: true },
        );
        return;
      }
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      stream.end(responseFrame(service === 'down' ? 2 : 1));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

const target: ProbeTarget = { podIP: '127.0.0.1', namedPorts: new Map(), exec: () => Promise.reject(new Error('no')) };

test('grpc probes call grpc.health.v1.Health/Check and report like the kubelet', async (t) => {
  const cases: { service?: string; success: boolean; message: string }[] = [
    { success: true, message: '' },
    { service: 'down', success: false, message: 'service unhealthy (responded with "NOT_SERVING")' },
    {
      service: 'unimplemented',
      success: false,
      message:
        'error: this server does not implement the grpc health protocol (grpc.health.v1.Health): unknown service grpc.health.v1.Health',
    },
    {
      service: 'missing',
      success: false,
      message: 'error: health rpc probe failed: rpc error: code = NotFound desc = unknown service',
    },
    { service: 'slow', success: false, message: 'timeout: health rpc did not complete within 1s' },
  ];
  for (const c of cases) {
    await t.test(c.service ?? '(default service)', async () => {
      const grpc = c.service === undefined ? { port } : { port, service: c.service };
      assert.deepEqual(await runProbe({ grpc, timeoutSeconds: 1 }, target), { success: c.success, message: c.message });
    });
  }
  assert.ok(userAgents.every((agent) => agent === 'kube-probe/1.33'));
});

test('grpc: nothing listening times out connecting', async () => {
  const closed = await closedPort();
  assert.deepEqual(await runProbe({ grpc: { port: closed }, timeoutSeconds: 1 }, target), {
    success: false,
    message: `timeout: failed to connect service "127.0.0.1:${closed}" within 1s: context deadline exceeded`,
  });
});

test('grpc message helpers', () => {
  assert.deepEqual([...healthCheckRequest('')], [0, 0, 0, 0, 0]);
  assert.deepEqual([...healthCheckRequest('ab')], [0, 0, 0, 0, 4, 0x0a, 2, 0x61, 0x62]);
  assert.equal(healthCheckStatus(responseFrame(1)), 1);
  assert.equal(healthCheckStatus(Buffer.from([0, 0, 0, 0, 0])), 0);
  assert.equal(goDuration(1000), '1s');
  assert.equal(goDuration(500), '500ms');
});
