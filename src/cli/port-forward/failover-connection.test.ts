import assert from 'node:assert/strict';
import { Duplex, PassThrough } from 'node:stream';
import { test } from 'node:test';
import { FailoverConnection } from './failover-connection.js';

/** A fake tunnel: records what it was sent; `answer` sends back, `refuse` fails it like a refused dial. */
class FakeTunnel extends Duplex {
  received = '';
  override _write(chunk: Buffer, _e: BufferEncoding, cb: () => void) {
    this.received += chunk.toString();
    cb();
  }
  override _read() {}
  answer(text: string) {
    this.push(text);
  }
  refuse() {
    this.destroy(new Error('dial tcp 10.0.0.1:80: connect: connection refused'));
  }
}

const tick = () => new Promise((r) => setImmediate(r));

test('a refusal before the first answer: re-dialled, and what was sent is replayed', async () => {
  const first = new FakeTunnel();
  const second = new FakeTunnel();
  const failures: string[] = [];
  const conn = new FailoverConnection(first, async (err) => {
    failures.push(err.message);
    return second;
  });
  const got = new PassThrough();
  conn.pipe(got);
  conn.write('GET / HTTP/1.1\r\n');
  conn.write('\r\n');
  first.refuse();
  await tick();
  await tick();
  assert.deepEqual(failures, ['dial tcp 10.0.0.1:80: connect: connection refused']);
  assert.equal(second.received, 'GET / HTTP/1.1\r\n\r\n');
  second.answer('HTTP/1.1 200 OK');
  await tick();
  assert.equal(got.read()?.toString(), 'HTTP/1.1 200 OK');
});

test('after the first answer a failure is final', async () => {
  const first = new FakeTunnel();
  let redials = 0;
  const conn = new FailoverConnection(first, async () => {
    redials++;
    return new FakeTunnel();
  });
  conn.resume();
  const failed = new Promise<Error>((resolve) => conn.on('error', resolve));
  first.answer('partial');
  await tick();
  first.refuse();
  assert.match((await failed).message, /connection refused/);
  assert.equal(redials, 0);
});

test('when there is no other pod, the original failure is reported', async () => {
  const first = new FakeTunnel();
  const conn = new FailoverConnection(first, async (err) => {
    throw err;
  });
  const failed = new Promise<Error>((resolve) => conn.on('error', resolve));
  first.refuse();
  assert.match((await failed).message, /connection refused/);
});
