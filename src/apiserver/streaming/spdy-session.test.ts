import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { after, test } from 'node:test';
import {
  encodeData,
  encodePing,
  encodeRstStream,
  encodeSynStream,
  type Frame,
  FrameReader,
  flagFin,
  RstStatus,
} from './spdy-frames.js';
import { HeaderCompressor, HeaderDecompressor } from './spdy-headers.js';
import { SpdySession } from './spdy-session.js';
import type { SpdyStream } from './spdy-stream.js';

const servers: Server[] = [];
after(() => {
  for (const s of servers) s.close();
});

/** A TCP server whose connections become server-role sessions, and a connected socket. */
async function pair(onStream: (s: SpdyStream) => void): Promise<{ client: Socket; server: Promise<SpdySession> }> {
  let resolveServer: (s: SpdySession) => void = () => {};
  const server = new Promise<SpdySession>((r) => {
    resolveServer = r;
  });
  const tcp = createServer((socket) => resolveServer(new SpdySession(socket, { role: 'server', onStream })));
  servers.push(tcp);
  tcp.listen(0, '127.0.0.1');
  await once(tcp, 'listening');
  const address = tcp.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  const client = connect(address.port, '127.0.0.1');
  await once(client, 'connect');
  return { client, server };
}

function sha(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

test('client and server sessions: headers, echo both ways, FIN ends each side', async () => {
  const { client } = await pair((stream) => {
    stream.pipe(stream);
  });
  const session = new SpdySession(client, { role: 'client' });
  const stream = await session.openStream({ streamtype: 'data', port: '80', requestid: '0' });
  stream.end('hello');
  assert.equal((await readAll(stream)).toString(), 'hello');
  session.destroy();
});

test('50 MB each way between two sessions that do flow control arrive intact', async () => {
  let serverStream: SpdyStream | undefined;
  const { client } = await pair((stream) => {
    serverStream = stream;
    stream.pipe(stream);
  });
  const session = new SpdySession(client, { role: 'client' });
  const stream = await session.openStream({ streamtype: 'data' });
  const payload = randomBytes(50 * 1024 * 1024);
  const received = readAll(stream);
  for (let i = 0; i < payload.length; i += 1 << 20) stream.write(payload.subarray(i, i + (1 << 20)));
  stream.end();
  const echoed = await received;
  assert.equal(echoed.length, payload.length);
  assert.equal(sha(echoed), sha(payload));
  assert.ok(serverStream, 'the server saw the stream');
  session.destroy();
});

test('a reader that stops reading stops the sender at the window (plus its buffer); reading resumes it', async () => {
  const payload = randomBytes(4 * 1024 * 1024);
  let writeDone = false;
  const { client } = await pair((stream) => {
    stream.resume();
    stream.end(payload, () => {
      writeDone = true;
    });
  });
  const session = new SpdySession(client, { role: 'client' });
  const stream = await session.openStream({ streamtype: 'data' });
  stream.end();
  await new Promise((r) => setTimeout(r, 600));
  assert.equal(writeDone, false, 'the sender is held back');
  assert.ok(stream.readableLength <= 1.2 * 1024 * 1024, `buffered ${stream.readableLength}`);
  const got = await readAll(stream);
  assert.equal(sha(got), sha(payload));
  session.destroy();
});

/** A hand-driven peer that, like kubectl's spdystream, never sends WINDOW_UPDATE. */
async function rawPeer(onStream: (s: SpdyStream) => void) {
  const { client, server } = await pair(onStream);
  const compressor = new HeaderCompressor();
  const decompressor = new HeaderDecompressor();
  const frames: Frame[] = [];
  const reader = new FrameReader();
  const waiters: (() => void)[] = [];
  client.on('data', (chunk: Buffer) => {
    frames.push(...reader.push(chunk));
    for (const w of waiters.splice(0)) w();
  });
  const until = async (pred: () => boolean, what: string) => {
    const deadline = Date.now() + 5000;
    while (!pred()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 50);
      });
    }
  };
  return { client, server, compressor, decompressor, frames, until };
}

test('a peer that never sends WINDOW_UPDATE still gets everything (windows are then not enforced)', async () => {
  const payload = randomBytes(1024 * 1024);
  const peer = await rawPeer((stream) => {
    stream.resume();
    stream.end(payload);
  });
  peer.client.write(encodeSynStream(1, flagFin, await peer.compressor.run({ streamtype: 'data' })));
  const dataOf = () =>
    peer.frames.filter((f): f is Extract<Frame, { kind: 'data' }> => f.kind === 'data' && f.streamId === 1);
  await peer.until(() => dataOf().some((f) => f.flags & flagFin), 'the FIN');
  const reply = peer.frames.find((f) => f.kind === 'synReply');
  assert.ok(reply && reply.kind === 'synReply', 'SYN_REPLY first');
  assert.deepEqual(await peer.decompressor.run(reply.block), {});
  assert.equal(peer.frames.indexOf(reply), 0, 'the reply precedes the data');
  assert.equal(sha(Buffer.concat(dataOf().map((f) => f.data))), sha(payload));
  peer.client.destroy();
});

test('PING is echoed, a reset stream is destroyed, a stream id of the wrong parity is refused', async () => {
  let serverStream: SpdyStream | undefined;
  const peer = await rawPeer((stream) => {
    serverStream = stream;
  });
  peer.client.write(encodePing(7));
  await peer.until(() => peer.frames.some((f) => f.kind === 'ping' && f.id === 7), 'the ping echo');

  peer.client.write(encodeSynStream(1, 0, await peer.compressor.run({ streamtype: 'data' })));
  peer.client.write(encodeData(1, 0, Buffer.from('x')));
  await peer.until(() => serverStream !== undefined, 'the stream');
  const closed = once(serverStream as SpdyStream, 'close');
  peer.client.write(encodeRstStream(1, RstStatus.cancel));
  await closed;
  assert.equal(serverStream?.resetByPeer, RstStatus.cancel);

  peer.client.write(encodeSynStream(4, 0, await peer.compressor.run({})));
  await peer.until(
    () => peer.frames.some((f) => f.kind === 'rstStream' && f.streamId === 4 && f.status === RstStatus.protocolError),
    'the refusal',
  );
  peer.client.destroy();
});

test('closing a session sends GOAWAY with the last stream id and ends the connection', async () => {
  const peer = await rawPeer(() => {});
  peer.client.write(encodeSynStream(1, 0, await peer.compressor.run({})));
  await peer.until(() => peer.frames.some((f) => f.kind === 'synReply'), 'the reply');
  const ended = once(peer.client, 'end');
  await (await peer.server).close();
  await ended;
  assert.ok(peer.frames.some((f) => f.kind === 'goAway' && f.lastGoodStreamId === 1 && f.status === 0));
  peer.client.destroy();
});
