/**
 * SPDY/3 header blocks: the name/value layout and its compression. Each direction of a connection has ONE zlib
 * context (with the SPDY dictionary) for the whole connection, and every block ends with a Z_SYNC_FLUSH, so blocks
 * must be (de)compressed one at a time, in frame order. Node's synchronous zlib calls close their handle after one
 * use, so the contexts are streams driven asynchronously, each behind a promise queue.
 */
import { constants, createDeflate, createInflate, type Deflate, type Inflate } from 'node:zlib';
import { spdyDictionary } from './spdy-dictionary.js';
import { SpdyProtocolError } from './spdy-frames.js';

/** Header names are lowercase; several values of one name are joined with NUL, as SPDY sends them. */
export type SpdyHeaders = Record<string, string>;

const maxHeaderBlock = 1024 * 1024;

/** The uncompressed block: count(4), then per header len(4) name len(4) value. */
export function encodeHeaderBlock(headers: SpdyHeaders): Buffer {
  const entries = Object.entries(headers);
  const parts: Buffer[] = [u32(entries.length)];
  for (const [name, value] of entries) {
    const n = Buffer.from(name.toLowerCase(), 'utf8');
    const v = Buffer.from(value, 'utf8');
    parts.push(u32(n.length), n, u32(v.length), v);
  }
  return Buffer.concat(parts);
}

export function decodeHeaderBlock(block: Buffer): SpdyHeaders {
  const headers: SpdyHeaders = {};
  let at = 0;
  const read = (): Buffer => {
    if (at + 4 > block.length) throw new SpdyProtocolError('truncated header block');
    const length = block.readUInt32BE(at);
    at += 4;
    if (at + length > block.length) throw new SpdyProtocolError('truncated header block');
    const value = block.subarray(at, at + length);
    at += length;
    return value;
  };
  if (block.length < 4) throw new SpdyProtocolError('truncated header block');
  const count = block.readUInt32BE(0);
  at = 4;
  for (let i = 0; i < count; i++) {
    const name = read().toString('utf8').toLowerCase();
    const value = read().toString('utf8');
    headers[name] = name in headers ? `${headers[name]}\0${value}` : value;
  }
  return headers;
}

function u32(n: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

/** Pushes `input` through a persistent zlib stream and returns what it produced up to a Z_SYNC_FLUSH. */
function syncFlush(z: Deflate | Inflate, input: Buffer, sink: Buffer[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(new SpdyProtocolError(`header compression: ${err.message}`));
    z.once('error', onError);
    if (input.length > 0) z.write(input);
    z.flush(constants.Z_SYNC_FLUSH, () => {
      z.off('error', onError);
      let chunk: Buffer | null = z.read() as Buffer | null;
      while (chunk !== null) {
        sink.push(chunk);
        chunk = z.read() as Buffer | null;
      }
      const out = Buffer.concat(sink);
      sink.length = 0;
      if (out.length > maxHeaderBlock) reject(new SpdyProtocolError('header block too large'));
      else resolve(out);
    });
  });
}

/** One direction's zlib context; calls are queued so blocks go through it in the order they were submitted. */
abstract class HeaderContext<In, Out> {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly sink: Buffer[] = [];

  constructor(protected readonly z: Deflate | Inflate) {
    z.on('data', (chunk: Buffer) => this.sink.push(chunk));
    // Errors reject the pending call through syncFlush; keep a listener so none is unhandled.
    z.on('error', () => {});
  }

  protected abstract before(input: In): Buffer;
  protected abstract after(output: Buffer): Out;

  run(input: In): Promise<Out> {
    const next = this.queue.then(() => syncFlush(this.z, this.before(input), this.sink)).then((b) => this.after(b));
    this.queue = next.catch(() => undefined);
    return next;
  }

  close(): void {
    this.z.destroy();
  }
}

/** Compresses outgoing header blocks (one per connection and direction). */
export class HeaderCompressor extends HeaderContext<SpdyHeaders, Buffer> {
  constructor() {
    super(createDeflate({ dictionary: spdyDictionary }));
  }
  protected before(headers: SpdyHeaders): Buffer {
    return encodeHeaderBlock(headers);
  }
  protected after(output: Buffer): Buffer {
    return output;
  }
}

/** Decompresses incoming header blocks (one per connection and direction). */
export class HeaderDecompressor extends HeaderContext<Buffer, SpdyHeaders> {
  constructor() {
    super(createInflate({ dictionary: spdyDictionary }));
  }
  protected before(block: Buffer): Buffer {
    return block;
  }
  protected after(output: Buffer): SpdyHeaders {
    return decodeHeaderBlock(output);
  }
}
