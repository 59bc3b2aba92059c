import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ApiRequest, ApiResponse, StreamResponse } from '../api/http-types.js';
import { badRequest, notFound, type Status } from '../api/status-error.js';
import { MemoryStore } from '../storage/memory-store.js';
import { ApiHandler } from './api-handler.js';
import { createPodLogHandler, type PodLogOptions, type PodLogSource } from './pod-log-handler.js';

interface Call {
  namespace: string;
  pod: string;
  options: PodLogOptions;
  signal: AbortSignal;
}

/** A node agent that records calls and answers with `behaviour`. */
function fakeEndpoints(
  behaviour: (call: Call, out: NodeJS.WritableStream) => Promise<void>,
): PodLogSource & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    async logs(namespace, pod, options, out, signal) {
      const call = { namespace, pod, options, signal };
      calls.push(call);
      await behaviour(call, out);
    },
  };
}

class Response implements ApiResponse {
  status = 0;
  contentType = '';
  body = '';
  ended = false;
  private closeListeners: (() => void)[] = [];
  addWarning(): void {}
  sendJson(status: number, body: unknown): void {
    this.status = status;
    this.contentType = 'application/json';
    this.body = JSON.stringify(body);
    this.ended = true;
  }
  sendRaw(status: number, contentType: string, body: Buffer | string): void {
    this.status = status;
    this.contentType = contentType;
    this.body = body.toString();
    this.ended = true;
  }
  openStream(status: number, contentType: string): StreamResponse {
    this.status = status;
    this.contentType = contentType;
    return {
      write: (chunk) => {
        this.body += chunk.toString();
      },
      end: () => {
        this.ended = true;
      },
      onClose: (l) => this.closeListeners.push(l),
    };
  }
  /** The client goes away. */
  disconnect(): void {
    for (const l of this.closeListeners) l();
  }
  get statusObject(): Status {
    return JSON.parse(this.body) as Status;
  }
}

function request(method: string, path: string, query = ''): ApiRequest {
  return {
    method,
    path,
    query: new URLSearchParams(query),
    header: () => undefined,
    readBody: async () => Buffer.alloc(0),
    user: { name: 'admin', groups: ['system:masters'] },
  };
}

function serve(endpoints: PodLogSource): (method: string, query?: string, res?: Response) => Promise<Response> {
  const handler = new ApiHandler({
    store: new MemoryStore(),
    serverAddress: () => 'x',
    subresources: new Map([['pods/log', createPodLogHandler(endpoints)]]),
  });
  return async (method, query = '', res = new Response()) => {
    await handler.handle(request(method, '/api/v1/namespaces/dev/pods/web-1/log', query), res);
    return res;
  };
}

test('streams the agent output as text/plain with the decoded options', async () => {
  const endpoints = fakeEndpoints(async (_call, out) => {
    out.write('hello\n');
    out.write(Buffer.from('world\n'));
  });
  const get = serve(endpoints);
  const cases: [string, PodLogOptions][] = [
    ['', { container: '' }],
    [
      'container=app&follow=true&previous=1&timestamps=TRUE&tailLines=5&sinceSeconds=10&limitBytes=100',
      {
        container: 'app',
        follow: true,
        previous: true,
        timestamps: true,
        tailLines: 5,
        sinceSeconds: 10,
        limitBytes: 100,
      },
    ],
    ['follow=false&previous=0&timestamps=False&tailLines=', { container: '' }],
    ['follow=&timestamps=yes', { container: '', follow: true, timestamps: true }], // Go: anything else is true
    ['sinceTime=2026-11-26T09:00:00Z&tailLines=0', { container: '', sinceTime: '2026-11-26T09:00:00Z', tailLines: 0 }],
    ['insecureSkipTLSVerifyBackend=true', { container: '' }],
  ];
  for (const [query, options] of cases) {
    const res = await get('GET', query);
    assert.deepEqual([res.status, res.contentType, res.body, res.ended], [200, 'text/plain', 'hello\nworld\n', true]);
    const call = endpoints.calls.at(-1);
    assert.deepEqual([call?.namespace, call?.pod, call?.options], ['dev', 'web-1', options], query);
  }
});

test('query values that do not parse are 400, invalid ones 422 on PodLogOptions', async () => {
  const endpoints = fakeEndpoints(async () => {});
  const get = serve(endpoints);
  const cases: [string, number, string][] = [
    ['tailLines=ten', 400, 'strconv.ParseInt: parsing "ten": invalid syntax'],
    ['sinceTime=yesterday', 400, 'parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday"'],
    [
      'tailLines=-1',
      422,
      'PodLogOptions "web-1" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0',
    ],
    ['limitBytes=0', 422, 'PodLogOptions "web-1" is invalid: limitBytes: Invalid value: 0: must be greater than 0'],
    ['sinceSeconds=0', 422, 'PodLogOptions "web-1" is invalid: sinceSeconds: Invalid value: 0: must be greater than 0'],
    [
      'sinceSeconds=5&sinceTime=2026-11-26T09:00:00Z',
      422,
      'PodLogOptions "web-1" is invalid: : Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified',
    ],
    [
      'tailLines=-1&limitBytes=0',
      422,
      'PodLogOptions "web-1" is invalid: [tailLines: Invalid value: -1: must be greater than or equal to 0, ' +
        'limitBytes: Invalid value: 0: must be greater than 0]',
    ],
  ];
  for (const [query, code, message] of cases) {
    const res = await get('GET', query);
    assert.equal(res.status, code, query);
    assert.equal(res.statusObject.message, message);
    assert.equal(res.statusObject.reason, code === 400 ? 'BadRequest' : 'Invalid');
  }
  assert.equal(endpoints.calls.length, 0, 'the agent is not asked');
  const post = await get('POST');
  assert.equal(post.status, 405);
});

test("the agent's errors are the answer when nothing was sent", async () => {
  const errors = [
    notFound({ group: '', resource: 'pods' }, 'web-1'),
    badRequest('a container name must be specified for pod web-1, choose one of: [app sidecar]'),
    badRequest('container "app" in pod "web-1" is waiting to start: ContainerCreating'),
  ];
  for (const err of errors) {
    const res = await serve(
      fakeEndpoints(async () => {
        throw err;
      }),
    )('GET');
    assert.deepEqual([res.status, res.contentType], [err.code, 'application/json']);
    assert.deepEqual(res.statusObject, err.toStatus());
  }
  // After output was sent, an error just ends the stream.
  const res = await serve(
    fakeEndpoints(async (_c, out) => {
      out.write('partial\n');
      throw new Error('broken');
    }),
  )('GET');
  assert.deepEqual([res.status, res.body, res.ended], [200, 'partial\n', true]);
});

test('follow: the agent keeps streaming until the client goes away, which aborts its signal', async () => {
  let release: () => void = () => {};
  const endpoints = fakeEndpoints(async (call, out) => {
    out.write('first\n');
    await new Promise<void>((resolve) => {
      release = () => {
        out.write('second\n');
      };
      call.signal.addEventListener('abort', () => resolve());
    });
  });
  const res = new Response();
  const done = serve(endpoints)('GET', 'follow=true', res);
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual([res.status, res.body, res.ended], [200, 'first\n', false]);
  release();
  assert.equal(res.body, 'first\nsecond\n');
  res.disconnect();
  await done;
  assert.equal(endpoints.calls[0]?.signal.aborted, true);
  assert.equal(res.ended, true);

  // A silent follow still gets its headers (so the client can go away and end the read).
  const quiet = new Response();
  const quietDone = serve(
    fakeEndpoints(async (call) => new Promise((r) => call.signal.addEventListener('abort', () => r()))),
  )('GET', 'follow=true', quiet);
  await new Promise((r) => setTimeout(r, 700));
  assert.equal(quiet.status, 200);
  quiet.disconnect();
  await quietDone;
});
