import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChunkedTracker } from './chunked-tracker.js';
import { hasNoBody, parseRequestHead, parseResponseHead, serializeHead } from './http1-head.js';

describe('parseRequestHead', () => {
  it('parses a simple GET', () => {
    const h = parseRequestHead('GET /a?b=1 HTTP/1.1\r\nHost: x.example\r\nAccept:  */* \r\nCookie: a');
    assert.deepEqual(h, {
      method: 'GET',
      url: '/a?b=1',
      raw: ['Host', 'x.example', 'Accept', '*/*', 'Cookie', 'a'],
      host: 'x.example',
      close: false,
      simple: true,
    });
  });

  // [head, simple]
  const table: [string, boolean][] = [
    ['GET / HTTP/1.1\r\nHost: h\r\nConnection: close', true],
    ['GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 0', true],
    ['GET / HTTP/1.0\r\nHost: h', false],
    ['POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5', false],
    ['POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked', false],
    ['GET / HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: websocket', false],
    ['PUT / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue', false],
    ['GET / HTTP/1.1\r\nHost: a\r\nHost: b', false],
    ['GET http://h/ HTTP/1.1\r\nHost: h', false],
  ];
  for (const [head, simple] of table) {
    it(`${JSON.stringify(head)} → ${simple ? 'fast path' : 'node:http'}`, () => {
      assert.equal(parseRequestHead(head)?.simple, simple);
    });
  }

  for (const bad of [
    'GET /',
    'GET  HTTP/1.1',
    'GET / HTTP/1.1\r\n folded',
    'GET / HTTP/1.1\r\nBad Name: x',
    'G(T / HTTP/1.1',
  ]) {
    it(`rejects ${JSON.stringify(bad)}`, () => assert.equal(parseRequestHead(bad), undefined));
  }
});

describe('parseResponseHead', () => {
  const table: [string, Partial<NonNullable<ReturnType<typeof parseResponseHead>>>][] = [
    [
      'HTTP/1.1 200 OK\r\nContent-Length: 12',
      { status: 200, reason: 'OK', contentLength: 12, chunked: false, close: false },
    ],
    ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked', { contentLength: undefined, chunked: true }],
    ['HTTP/1.1 200 OK\r\nConnection: close', { close: true, contentLength: undefined }],
    ['HTTP/1.0 200 OK\r\nContent-Length: 1', { close: true }],
    ['HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 1', { close: false }],
    ['HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2', { contentLength: Number.NaN }],
    ['HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 1', { contentLength: 1 }],
    ['HTTP/1.1 204', { status: 204, reason: '' }],
  ];
  for (const [head, want] of table) {
    it(JSON.stringify(head), () => {
      const got = parseResponseHead(head);
      assert.ok(got);
      for (const [k, v] of Object.entries(want)) assert.deepEqual(got[k as keyof typeof got], v, k);
    });
  }
  it('rejects garbage', () => assert.equal(parseResponseHead('HTTP/2 200 OK'), undefined));
});

describe('hasNoBody and serializeHead', () => {
  it('knows bodiless answers', () => {
    assert.equal(hasNoBody('HEAD', 200), true);
    assert.equal(hasNoBody('GET', 204), true);
    assert.equal(hasNoBody('GET', 304), true);
    assert.equal(hasNoBody('GET', 103), true);
    assert.equal(hasNoBody('GET', 200), false);
  });
  it('writes a head', () => {
    assert.equal(
      serializeHead('HTTP/1.1 200 OK', ['A', '1', 'B', '2'], 'Connection: close\r\n'),
      'HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nConnection: close\r\n\r\n',
    );
  });
});

describe('ChunkedTracker', () => {
  const body = '5\r\nhello\r\n1;ext=1\r\n!\r\n0\r\nTrailer: x\r\n\r\n';
  it('finds the end in one piece, with bytes after it', () => {
    const buf = Buffer.from(`${body}NEXT`);
    assert.equal(new ChunkedTracker().feed(buf), body.length);
  });
  it('finds the end across every possible split', () => {
    const buf = Buffer.from(body);
    for (let cut = 0; cut <= buf.length; cut++) {
      for (let cut2 = cut; cut2 <= buf.length; cut2++) {
        const t = new ChunkedTracker();
        const a = t.feed(buf.subarray(0, cut));
        if (a >= 0) {
          assert.equal(a, buf.length);
          continue;
        }
        const b = t.feed(buf.subarray(cut, cut2));
        if (b >= 0) {
          assert.equal(cut + b, buf.length);
          continue;
        }
        assert.equal(cut2 + t.feed(buf.subarray(cut2)), buf.length, `cuts ${cut} ${cut2}`);
      }
    }
  });
  it('ends an empty body without trailers', () => {
    assert.equal(new ChunkedTracker().feed(Buffer.from('0\r\n\r\n')), 5);
  });
  it('throws on malformed framing', () => {
    assert.throws(() => new ChunkedTracker().feed(Buffer.from('zz\r\n')));
    assert.throws(() => new ChunkedTracker().feed(Buffer.from('1\r\nab\r\n')));
  });
});
