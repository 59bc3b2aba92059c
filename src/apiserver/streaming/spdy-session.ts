/**
 * A SPDY/3.1 connection over any byte stream (the upgraded socket, or the payload of WebSocket messages when SPDY
 * is tunnelled). Both roles: the server accepts the peer's streams (odd ids) and answers each with SYN_REPLY; the
 * client opens streams and waits for the reply. PINGs from the peer are echoed, GOAWAY noted, RST_STREAM and
 * WINDOW_UPDATE applied.
 *
 * Ordering: frames are handled in arrival order (a SYN_STREAM's headers are decompressed before that stream's
 * DATA is delivered), and frames are written in the order they were queued (a SYN_REPLY before its stream's DATA);
 * header blocks are (de)compressed at that point of the queue, so the shared zlib contexts see them in wire order.
 */
import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import { initialWindowSize, SendWindows } from './spdy-flow.js';
import {
  encodeData,
  encodeGoAway,
  encodePing,
  encodeRstStream,
  encodeSynReply,
  encodeSynStream,
  encodeWindowUpdate,
  type Frame,
  FrameReader,
  flagFin,
  flagUnidirectional,
  GoAwayStatus,
  RstStatus,
  settingsInitialWindowSize,
} from './spdy-frames.js';
import { HeaderCompressor, HeaderDecompressor, type SpdyHeaders } from './spdy-headers.js';
import { SpdyStream, type StreamOwner } from './spdy-stream.js';
import { FrameWriter } from './spdy-writer.js';

export interface SpdySessionOptions {
  role: 'server' | 'client';
  /**
   * Called for each stream the peer opens, synchronously, right after its SYN_REPLY was queued; `stream.reset()`
   * refuses it. Streams the handler does not read should be `resume()`d so they can finish.
   */
  onStream?: (stream: SpdyStream) => void;
  /** How long to wait for a first WINDOW_UPDATE before deciding the peer does no flow control (ms). */
  flowControlProbeMs?: number;
}

/** Largest DATA payload written at once. */
const maxDataFrame = 32 * 1024;

export class SpdySession extends EventEmitter<{ close: []; goaway: [status: number] }> implements StreamOwner {
  readonly streams = new Map<number, SpdyStream>();
  /** Set once the transport is gone. */
  closed = false;
  /** The peer sent GOAWAY. */
  goneAway = false;
  private readonly reader = new FrameReader();
  private readonly compressor = new HeaderCompressor();
  private readonly decompressor = new HeaderDecompressor();
  private readonly windows: SendWindows;
  private inbound: Promise<void> = Promise.resolve();
  private pendingInbound = 0;
  private readonly writer: FrameWriter;
  private lastPeerStreamId = 0;
  private nextStreamId: number;
  private nextPingId: number;
  private readonly pings = new Map<number, () => void>();
  private readonly replies = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  private readonly congested = new Set<SpdyStream>();
  private sessionUnacknowledged = 0;

  constructor(
    private readonly transport: Duplex,
    private readonly options: SpdySessionOptions,
  ) {
    super();
    this.windows = new SendWindows(options.flowControlProbeMs ?? 200);
    this.writer = new FrameWriter(transport, () => this.closed);
    this.nextStreamId = options.role === 'client' ? 1 : 2;
    this.nextPingId = options.role === 'client' ? 1 : 2;
    transport.on('data', (chunk: Buffer) => this.onBytes(chunk));
    transport.on('error', () => transport.destroy());
    transport.on('close', () => this.onTransportClosed());
    transport.on('end', () => transport.end());
  }

  /** Client role: opens a stream and resolves once the peer's SYN_REPLY arrived (rejects on RST_STREAM). */
  openStream(headers: SpdyHeaders, options: { fin?: boolean } = {}): Promise<SpdyStream> {
    if (this.closed) return Promise.reject(new Error('connection closed'));
    const id = this.nextStreamId;
    this.nextStreamId += 2;
    const stream = new SpdyStream(id, headers, this, this.windows.streamInitial);
    if (options.fin) stream.localFinished = true;
    this.streams.set(id, stream);
    const replied = new Promise<void>((resolve, reject) => this.replies.set(id, { resolve, reject }));
    void this.enqueue(async () =>
      encodeSynStream(id, options.fin ? flagFin : 0, await this.compressor.run(headers)),
    ).catch(() => {});
    return replied.then(() => stream);
  }

  /** Sends a PING; resolves with the round-trip time in ms. */
  ping(): Promise<number> {
    const id = this.nextPingId;
    this.nextPingId += 2;
    const started = performance.now();
    return new Promise((resolve, reject) => {
      this.pings.set(id, () => resolve(performance.now() - started));
      this.enqueue(() => encodePing(id)).catch(reject);
    });
  }

  /** Sends GOAWAY, then ends the connection once queued frames are written. */
  close(status: number = GoAwayStatus.ok): Promise<void> {
    if (this.closed) return Promise.resolve();
    setTimeout(() => this.transport.destroy(), 10_000).unref();
    return this.enqueue(() => encodeGoAway(this.lastPeerStreamId, status)).then(
      () => {
        this.transport.end();
      },
      () => {},
    );
  }

  /** Drops the connection at once. */
  destroy(): void {
    this.transport.destroy();
  }

  // --- StreamOwner ----------------------------------------------------------------------------------------------

  async writeData(stream: SpdyStream, chunk: Buffer): Promise<void> {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.closed || stream.resetByPeer !== undefined) throw new Error('stream closed');
      const allowance = this.windows.allowance(stream);
      if (allowance <= 0) {
        await this.windows.wait();
        continue;
      }
      const n = Math.min(allowance, maxDataFrame, chunk.length - offset);
      const piece = chunk.subarray(offset, offset + n);
      this.windows.consume(stream, n);
      offset += n;
      await this.enqueue(() => encodeData(stream.id, 0, piece));
    }
  }

  writeFin(stream: SpdyStream): Promise<void> {
    return this.enqueue(() => encodeData(stream.id, flagFin, Buffer.alloc(0))).catch(() => {});
  }

  writeReset(stream: SpdyStream, status: number): void {
    this.enqueue(() => encodeRstStream(stream.id, status)).catch(() => {});
  }

  drained(stream: SpdyStream): void {
    if (stream.unacknowledged > 0 && !stream.destroyed) {
      const delta = stream.unacknowledged;
      stream.unacknowledged = 0;
      this.enqueue(() => encodeWindowUpdate(stream.id, delta)).catch(() => {});
    }
    this.congested.delete(stream);
    if (this.congested.size === 0 && this.transport.isPaused()) this.transport.resume();
  }

  release(stream: SpdyStream): void {
    this.streams.delete(stream.id);
    this.replies.get(stream.id)?.reject(new Error(`stream ${stream.id} was reset`));
    this.replies.delete(stream.id);
    if (this.congested.delete(stream) && this.congested.size === 0) this.transport.resume();
  }

  // --- incoming -------------------------------------------------------------------------------------------------

  private onBytes(chunk: Buffer): void {
    let frames: Frame[];
    try {
      frames = this.reader.push(chunk);
    } catch {
      this.protocolError();
      return;
    }
    for (const frame of frames) {
      const async = frame.kind === 'synStream' || frame.kind === 'synReply' || frame.kind === 'headers';
      if (!async && this.pendingInbound === 0) {
        this.handle(frame);
        continue;
      }
      this.pendingInbound++;
      this.inbound = this.inbound
        .then(() => this.handleAsync(frame))
        .catch(() => this.protocolError())
        .finally(() => {
          this.pendingInbound--;
        });
    }
  }

  private async handleAsync(frame: Frame): Promise<void> {
    if (frame.kind === 'synStream' || frame.kind === 'synReply' || frame.kind === 'headers') {
      const headers = await this.decompressor.run(frame.block);
      if (frame.kind === 'synStream') this.acceptStream(frame.streamId, frame.flags, headers);
      else if (frame.kind === 'synReply') this.onReply(frame.streamId, frame.flags);
      else if (frame.flags & flagFin) this.streams.get(frame.streamId)?.receiveFin();
      return;
    }
    this.handle(frame);
  }

  private handle(frame: Frame): void {
    switch (frame.kind) {
      case 'data':
        this.onData(frame.streamId, frame.flags, frame.data);
        return;
      case 'rstStream':
        this.streams.get(frame.streamId)?.receiveReset(frame.status);
        return;
      case 'settings':
        for (const e of frame.entries) {
          if (e.id === settingsInitialWindowSize) this.windows.setStreamInitial(e.value, this.streams.values());
        }
        return;
      case 'ping':
        this.onPing(frame.id);
        return;
      case 'goAway':
        this.goneAway = true;
        this.emit('goaway', frame.status);
        return;
      case 'windowUpdate': {
        const stream = frame.streamId === 0 ? undefined : this.streams.get(frame.streamId);
        if (frame.streamId === 0 || stream) this.windows.update(stream, frame.delta);
        return;
      }
      default:
        return;
    }
  }

  private acceptStream(id: number, flags: number, headers: SpdyHeaders): void {
    const peerParity = this.options.role === 'server' ? 1 : 0;
    if (id % 2 !== peerParity || id <= this.lastPeerStreamId || this.goneAway || this.closed) {
      this.enqueue(() => encodeRstStream(id, RstStatus.protocolError)).catch(() => {});
      return;
    }
    this.lastPeerStreamId = id;
    const stream = new SpdyStream(id, headers, this, this.windows.streamInitial);
    this.streams.set(id, stream);
    if (flags & flagUnidirectional) stream.localFinished = true;
    // The reply is queued before the handler can write, so it precedes the stream's first DATA.
    void this.enqueue(async () => encodeSynReply(id, 0, await this.compressor.run({}))).catch(() => {});
    this.options.onStream?.(stream);
    if (flags & flagFin) stream.receiveFin();
  }

  private onReply(id: number, flags: number): void {
    const waiting = this.replies.get(id);
    this.replies.delete(id);
    waiting?.resolve();
    if (flags & flagFin) this.streams.get(id)?.receiveFin();
  }

  private onData(id: number, flags: number, data: Buffer): void {
    this.sessionUnacknowledged += data.length;
    if (this.sessionUnacknowledged >= initialWindowSize / 2) {
      const delta = this.sessionUnacknowledged;
      this.sessionUnacknowledged = 0;
      this.enqueue(() => encodeWindowUpdate(0, delta)).catch(() => {});
    }
    const stream = this.streams.get(id);
    if (!stream) return;
    if (data.length > 0 && !stream.receive(data)) {
      this.congested.add(stream);
      this.transport.pause();
    } else if (stream.unacknowledged >= initialWindowSize / 2) {
      this.drained(stream);
    }
    if (flags & flagFin) stream.receiveFin();
  }

  private onPing(id: number): void {
    const ours = this.pings.get(id);
    if (ours) {
      this.pings.delete(id);
      ours();
      return;
    }
    this.enqueue(() => encodePing(id)).catch(() => {});
  }

  private protocolError(): void {
    if (this.closed) return;
    void this.close(GoAwayStatus.protocolError);
    setTimeout(() => this.transport.destroy(), 1000).unref();
  }

  private onTransportClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.windows.close();
    for (const stream of [...this.streams.values()]) stream.lose();
    for (const waiting of this.replies.values()) waiting.reject(new Error('connection closed'));
    this.replies.clear();
    this.compressor.close();
    this.decompressor.close();
    this.emit('close');
  }

  /** Writes a frame after every frame queued before it. */
  private enqueue(build: () => Buffer | Promise<Buffer>): Promise<void> {
    return this.writer.write(build);
  }
}
