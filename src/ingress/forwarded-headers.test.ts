import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clientResponseHeaders, upstreamRequestHeaders } from './forwarded-headers.js';

function pairs(raw: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < raw.length; i += 2) out.push([raw[i] as string, raw[i + 1] as string]);
  return out;
}

describe('upstreamRequestHeaders', () => {
  const client = { remoteAddress: '::ffff:127.0.0.9', scheme: 'https' as const, serverPort: 8443 };

  it('drops hop-by-hop and spoofed forwarding headers, adds the client identity', () => {
    const raw = [
      'Host',
      'a.example:8443',
      'Accept',
      'text/html',
      'Connection',
      'keep-alive, X-Secret',
      'X-Secret',
      'drop me',
      'Keep-Alive',
      'timeout=5',
      'Transfer-Encoding',
      'chunked',
      'Expect',
      '100-continue',
      'X-Forwarded-For',
      '6.6.6.6',
      'X-Real-IP',
      '6.6.6.6',
      'Cookie',
      'a=1',
      'Cookie',
      'b=2',
    ];
    assert.deepEqual(pairs(upstreamRequestHeaders(raw, client)), [
      ['Host', 'a.example:8443'],
      ['Accept', 'text/html'],
      ['Cookie', 'a=1'],
      ['Cookie', 'b=2'],
      ['X-Real-IP', '127.0.0.9'],
      ['X-Forwarded-For', '127.0.0.9'],
      ['X-Forwarded-Host', 'a.example:8443'],
      ['X-Forwarded-Port', '8443'],
      ['X-Forwarded-Proto', 'https'],
      ['X-Forwarded-Scheme', 'https'],
    ]);
  });

  it('keeps the upgrade for WebSocket requests', () => {
    const raw = ['Host', 'h', 'Connection', 'Upgrade', 'Upgrade', 'websocket', 'Sec-WebSocket-Key', 'k'];
    const out = pairs(
      upstreamRequestHeaders(raw, { remoteAddress: '127.0.0.1', scheme: 'http', serverPort: 80 }, 'websocket'),
    );
    assert.deepEqual(out.slice(0, 2), [
      ['Host', 'h'],
      ['Sec-WebSocket-Key', 'k'],
    ]);
    assert.deepEqual(out.slice(-2), [
      ['Connection', 'upgrade'],
      ['Upgrade', 'websocket'],
    ]);
  });
});

describe('clientResponseHeaders', () => {
  it('drops hop-by-hop headers of the upstream answer', () => {
    const raw = [
      'Content-Type',
      'text/plain',
      'Connection',
      'keep-alive',
      'Keep-Alive',
      'timeout=5',
      'Transfer-Encoding',
      'chunked',
      'Set-Cookie',
      'a',
      'Set-Cookie',
      'b',
    ];
    assert.deepEqual(pairs(clientResponseHeaders(raw)), [
      ['Content-Type', 'text/plain'],
      ['Set-Cookie', 'a'],
      ['Set-Cookie', 'b'],
    ]);
  });
});
