/**
 * SPDY/3.1 framing: the 8-byte frame header, the control frames a Kubernetes streaming connection uses, and an
 * incremental reader that cuts a byte stream into frames. Header blocks stay compressed here (see spdy-headers.ts).
 *
 *   control: 1 | version(15) = 3 | type(16) | flags(8) | length(24) | payload
 *   data:    0 | streamId(31)              | flags(8) | length(24) | data
 */

export const spdyVersion = 3;

export const FrameType = {
  synStream: 1,
  synReply: 2,
  rstStream: 3,
  settings: 4,
  ping: 6,
  goAway: 7,
  headers: 8,
  windowUpdate: 9,
} as const;

/** FLAG_FIN on DATA, SYN_STREAM, SYN_REPLY and HEADERS. */
export const flagFin = 0x01;
/** FLAG_UNIDIRECTIONAL on SYN_STREAM. */
export const flagUnidirectional = 0x02;

/** RST_STREAM status codes. */
export const RstStatus = {
  protocolError: 1,
  invalidStream: 2,
  refusedStream: 3,
  unsupportedVersion: 4,
  cancel: 5,
  internalError: 6,
  flowControlError: 7,
  streamInUse: 8,
  streamAlreadyClosed: 9,
  frameTooLarge: 11,
} as const;

/** GOAWAY status codes. */
export const GoAwayStatus = { ok: 0, protocolError: 1, internalError: 2 } as const;

/** SETTINGS id of the initial stream window. */
export const settingsInitialWindowSize = 7;

/** The largest payload a frame can carry (24-bit length). */
export const maxFrameLength = 0xffffff;

export type Frame =
  | { kind: 'data'; streamId: number; flags: number; data: Buffer }
  | { kind: 'synStream'; streamId: number; associatedId: number; priority: number; flags: number; block: Buffer }
  | { kind: 'synReply'; streamId: number; flags: number; block: Buffer }
  | { kind: 'headers'; streamId: number; flags: number; block: Buffer }
  | { kind: 'rstStream'; streamId: number; status: number }
  | { kind: 'settings'; entries: { id: number; value: number; flags: number }[] }
  | { kind: 'ping'; id: number }
  | { kind: 'goAway'; lastGoodStreamId: number; status: number }
  | { kind: 'windowUpdate'; streamId: number; delta: number }
  | { kind: 'unknown'; type: number };

/** A violation of the framing rules; the session answers it with GOAWAY(PROTOCOL_ERROR). */
export class SpdyProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpdyProtocolError';
  }
}

function header(first: number, flags: number, length: number): Buffer {
  if (length > maxFrameLength) throw new RangeError(`SPDY frame payload too large: ${length}`);
  const h = Buffer.allocUnsafe(8);
  h.writeUInt32BE(first >>> 0, 0);
  h.writeUInt32BE((((flags & 0xff) << 24) | length) >>> 0, 4);
  return h;
}

function control(type: number, flags: number, payload: Buffer): Buffer {
  return Buffer.concat([header((0x8000 | spdyVersion) * 0x10000 + type, flags, payload.length), payload]);
}

function u32(...values: number[]): Buffer {
  const b = Buffer.allocUnsafe(4 * values.length);
  values.forEach((v, i) => {
    b.writeUInt32BE(v >>> 0, i * 4);
  });
  return b;
}

export function encodeData(streamId: number, flags: number, data: Buffer): Buffer {
  return Buffer.concat([header(streamId & 0x7fffffff, flags, data.length), data]);
}

export function encodeSynStream(streamId: number, flags: number, block: Buffer, priority = 0): Buffer {
  const fixed = Buffer.alloc(10);
  fixed.writeUInt32BE(streamId & 0x7fffffff, 0);
  fixed.writeUInt8((priority & 0x7) << 5, 8);
  return control(FrameType.synStream, flags, Buffer.concat([fixed, block]));
}

export function encodeSynReply(streamId: number, flags: number, block: Buffer): Buffer {
  return control(FrameType.synReply, flags, Buffer.concat([u32(streamId & 0x7fffffff), block]));
}

export function encodeRstStream(streamId: number, status: number): Buffer {
  return control(FrameType.rstStream, 0, u32(streamId & 0x7fffffff, status));
}

export function encodeSettings(entries: { id: number; value: number; flags?: number }[]): Buffer {
  const payload = Buffer.allocUnsafe(4 + 8 * entries.length);
  payload.writeUInt32BE(entries.length, 0);
  entries.forEach((e, i) => {
    payload.writeUInt32BE(((((e.flags ?? 0) & 0xff) << 24) | (e.id & 0xffffff)) >>> 0, 4 + i * 8);
    payload.writeUInt32BE(e.value >>> 0, 8 + i * 8);
  });
  return control(FrameType.settings, 0, payload);
}

export function encodePing(id: number): Buffer {
  return control(FrameType.ping, 0, u32(id));
}

export function encodeGoAway(lastGoodStreamId: number, status: number): Buffer {
  return control(FrameType.goAway, 0, u32(lastGoodStreamId & 0x7fffffff, status));
}

export function encodeWindowUpdate(streamId: number, delta: number): Buffer {
  return control(FrameType.windowUpdate, 0, u32(streamId & 0x7fffffff, delta & 0x7fffffff));
}

function need(payload: Buffer, length: number, what: string): void {
  if (payload.length < length) throw new SpdyProtocolError(`${what} frame too short (${payload.length} bytes)`);
}

/** Decodes one control frame's payload. */
export function decodeControl(type: number, flags: number, payload: Buffer): Frame {
  const id = () => payload.readUInt32BE(0) & 0x7fffffff;
  switch (type) {
    case FrameType.synStream:
      need(payload, 10, 'SYN_STREAM');
      return {
        kind: 'synStream',
        streamId: id(),
        associatedId: payload.readUInt32BE(4) & 0x7fffffff,
        priority: payload.readUInt8(8) >> 5,
        flags,
        block: payload.subarray(10),
      };
    case FrameType.synReply:
      need(payload, 4, 'SYN_REPLY');
      return { kind: 'synReply', streamId: id(), flags, block: payload.subarray(4) };
    case FrameType.headers:
      need(payload, 4, 'HEADERS');
      return { kind: 'headers', streamId: id(), flags, block: payload.subarray(4) };
    case FrameType.rstStream:
      need(payload, 8, 'RST_STREAM');
      return { kind: 'rstStream', streamId: id(), status: payload.readUInt32BE(4) };
    case FrameType.settings: {
      need(payload, 4, 'SETTINGS');
      const count = payload.readUInt32BE(0);
      need(payload, 4 + count * 8, 'SETTINGS');
      const entries = [];
      for (let i = 0; i < count; i++) {
        const idFlags = payload.readUInt32BE(4 + i * 8);
        entries.push({ id: idFlags & 0xffffff, flags: idFlags >>> 24, value: payload.readUInt32BE(8 + i * 8) });
      }
      return { kind: 'settings', entries };
    }
    case FrameType.ping:
      need(payload, 4, 'PING');
      return { kind: 'ping', id: payload.readUInt32BE(0) };
    case FrameType.goAway:
      need(payload, 4, 'GOAWAY');
      return {
        kind: 'goAway',
        lastGoodStreamId: id(),
        status: payload.length >= 8 ? payload.readUInt32BE(4) : GoAwayStatus.ok,
      };
    case FrameType.windowUpdate:
      need(payload, 8, 'WINDOW_UPDATE');
      return { kind: 'windowUpdate', streamId: id(), delta: payload.readUInt32BE(4) & 0x7fffffff };
    default:
      return { kind: 'unknown', type };
  }
}

/** Cuts a byte stream into frames; feed it chunks as they arrive, in order. */
export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;

  /** Adds bytes and returns every frame now complete. Throws SpdyProtocolError on a non-SPDY/3 control frame. */
  push(chunk: Buffer): Frame[] {
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const frames: Frame[] = [];
    while (this.buffered >= 8) {
      const head = this.peek(8);
      const length = head.readUInt32BE(4) & 0xffffff;
      if (this.buffered < 8 + length) break;
      const whole = this.take(8 + length);
      const first = whole.readUInt32BE(0);
      const flags = whole.readUInt8(4);
      const payload = whole.subarray(8);
      if (first & 0x80000000) {
        const version = (first >>> 16) & 0x7fff;
        if (version !== spdyVersion) throw new SpdyProtocolError(`unsupported SPDY version ${version}`);
        frames.push(decodeControl(first & 0xffff, flags, payload));
      } else {
        frames.push({ kind: 'data', streamId: first & 0x7fffffff, flags, data: payload });
      }
    }
    return frames;
  }

  private peek(n: number): Buffer {
    const first = this.chunks[0];
    if (first && first.length >= n) return first.subarray(0, n);
    const merged = Buffer.concat(this.chunks);
    this.chunks = [merged];
    return merged.subarray(0, n);
  }

  private take(n: number): Buffer {
    const first = this.chunks[0];
    if (first && first.length >= n) {
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      this.buffered -= n;
      return first.subarray(0, n);
    }
    const parts: Buffer[] = [];
    let missing = n;
    while (missing > 0) {
      const c = this.chunks[0];
      if (!c) break;
      if (c.length <= missing) {
        parts.push(c);
        this.chunks.shift();
        missing -= c.length;
      } else {
        parts.push(c.subarray(0, missing));
        this.chunks[0] = c.subarray(missing);
        missing = 0;
      }
    }
    this.buffered -= n;
    return Buffer.concat(parts, n);
  }
}
