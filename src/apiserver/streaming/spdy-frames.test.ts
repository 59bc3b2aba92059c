import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { constants, inflateSync } from 'node:zlib';
import { spdyDictionary } from './spdy-dictionary.js';
import {
  encodeData,
  encodeGoAway,
  encodePing,
  encodeRstStream,
  encodeSettings,
  encodeSynReply,
  encodeSynStream,
  encodeWindowUpdate,
  type Frame,
  FrameReader,
  SpdyProtocolError,
} from './spdy-frames.js';
import { decodeHeaderBlock, encodeHeaderBlock, HeaderCompressor, HeaderDecompressor } from './spdy-headers.js';

test('the SPDY/3 dictionary is the 1,423 bytes of the spec', () => {
  assert.equal(spdyDictionary.length, 1423);
  assert.equal(
    createHash('sha256').update(spdyDictionary).digest('hex'),
    '51d27341373f923f3cd88e1eb7162aeaa3723d7585ff2399201dc06498407f02',
  );
});

const cases: { name: string; bytes: Buffer; frame: Frame }[] = [
  {
    name: 'DATA with FIN',
    bytes: encodeData(5, 1, Buffer.from('hi')),
    frame: { kind: 'data', streamId: 5, flags: 1, data: Buffer.from('hi') },
  },
  {
    name: 'SYN_STREAM',
    bytes: encodeSynStream(3, 2, Buffer.from([9, 9]), 7),
    frame: { kind: 'synStream', streamId: 3, associatedId: 0, priority: 7, flags: 2, block: Buffer.from([9, 9]) },
  },
  {
    name: 'SYN_REPLY',
    bytes: encodeSynReply(3, 0, Buffer.from([1])),
    frame: { kind: 'synReply', streamId: 3, flags: 0, block: Buffer.from([1]) },
  },
  { name: 'RST_STREAM', bytes: encodeRstStream(7, 5), frame: { kind: 'rstStream', streamId: 7, status: 5 } },
  {
    name: 'SETTINGS',
    bytes: encodeSettings([{ id: 7, value: 1 << 20, flags: 1 }]),
    frame: { kind: 'settings', entries: [{ id: 7, value: 1 << 20, flags: 1 }] },
  },
  { name: 'PING', bytes: encodePing(0xfffffffe), frame: { kind: 'ping', id: 0xfffffffe } },
  { name: 'GOAWAY', bytes: encodeGoAway(9, 2), frame: { kind: 'goAway', lastGoodStreamId: 9, status: 2 } },
  {
    name: 'WINDOW_UPDATE',
    bytes: encodeWindowUpdate(0, 65536),
    frame: { kind: 'windowUpdate', streamId: 0, delta: 65536 },
  },
];

for (const c of cases) {
  test(`frame round trip: ${c.name}`, () => {
    assert.deepEqual(new FrameReader().push(c.bytes), [c.frame]);
  });
}

test('control frames carry version 3 and the type; data frames the stream id', () => {
  const ping = encodePing(1);
  assert.deepEqual([...ping.subarray(0, 8)], [0x80, 0x03, 0x00, 0x06, 0x00, 0x00, 0x00, 0x04]);
  const data = encodeData(0x12345, 1, Buffer.from('abc'));
  assert.deepEqual([...data.subarray(0, 8)], [0x00, 0x01, 0x23, 0x45, 0x01, 0x00, 0x00, 0x03]);
});

test('the reader reassembles frames split at any byte and several frames in one chunk', () => {
  const all = Buffer.concat(cases.map((c) => c.bytes));
  for (const size of [1, 3, 7, 64]) {
    const reader = new FrameReader();
    const got: Frame[] = [];
    for (let i = 0; i < all.length; i += size) got.push(...reader.push(all.subarray(i, i + size)));
    assert.deepEqual(
      got,
      cases.map((c) => c.frame),
      `chunks of ${size}`,
    );
  }
});

test('a control frame of another SPDY version is a protocol error', () => {
  const bad = encodePing(1);
  bad.writeUInt16BE(0x8002, 0);
  assert.throws(() => new FrameReader().push(bad), SpdyProtocolError);
});

test('header blocks: lowercase names, NUL-joined repeated names', () => {
  const block = encodeHeaderBlock({ StreamType: 'data', port: '80' });
  assert.deepEqual(decodeHeaderBlock(block), { streamtype: 'data', port: '80' });
  assert.throws(() => decodeHeaderBlock(block.subarray(0, block.length - 1)), SpdyProtocolError);
});

test('one compression context per direction carries over between blocks', async () => {
  const compressor = new HeaderCompressor();
  const decompressor = new HeaderDecompressor();
  const blocks = [
    { streamtype: 'error', port: '80', requestid: '0' },
    { streamtype: 'data', port: '80', requestid: '0' },
    {},
    { streamtype: 'data', port: '8080', requestid: '1' },
  ];
  const compressed = await Promise.all(blocks.map((b) => compressor.run(b)));
  // The first block stands alone; later ones refer back to it, so only the shared context can read them.
  assert.deepEqual(
    decodeHeaderBlock(
      inflateSync(compressed[0] ?? Buffer.alloc(0), {
        dictionary: spdyDictionary,
        finishFlush: constants.Z_SYNC_FLUSH,
      }),
    ),
    {
      streamtype: 'error',
      port: '80',
      requestid: '0',
    },
  );
  assert.ok((compressed[1]?.length ?? 0) < (compressed[0]?.length ?? 0), 'the second block reuses the first');
  const decoded = await Promise.all(compressed.map((c) => decompressor.run(c)));
  assert.deepEqual(decoded, blocks);
  compressor.close();
  decompressor.close();
});
