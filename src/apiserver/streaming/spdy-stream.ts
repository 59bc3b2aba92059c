/**
 * One SPDY stream as a Node Duplex: writes become DATA frames (within the flow-control window), `end()` sends an
 * empty DATA with FLAG_FIN, `destroy()` before both sides finished sends RST_STREAM(CANCEL). Incoming DATA is
 * pushed to the readable side; a FIN from the peer ends it; an RST_STREAM from the peer destroys the stream
 * (`resetByPeer` tells it apart from a normal end).
 */
import { Duplex } from 'node:stream';
import { RstStatus } from './spdy-frames.js';
import type { SpdyHeaders } from './spdy-headers.js';

/** What a stream needs from its session. */
export interface StreamOwner {
  writeData(stream: SpdyStream, chunk: Buffer): Promise<void>;
  writeFin(stream: SpdyStream): Promise<void>;
  writeReset(stream: SpdyStream, status: number): void;
  /** The reader took buffered data: the session may acknowledge it and resume reading the connection. */
  drained(stream: SpdyStream): void;
  /** The stream is over (closed both ways, reset or lost): forget it. */
  release(stream: SpdyStream): void;
}

/** Incoming data buffered per stream before the connection stops being read (peers that ignore windows). */
const readBufferBytes = 1024 * 1024;

export class SpdyStream extends Duplex {
  /** Bytes this side may still send (stream window). */
  sendWindow: number;
  /** Bytes received and handed to the reader but not yet acknowledged with WINDOW_UPDATE. */
  unacknowledged = 0;
  /** The reader's buffer is full; the session resumes the connection once it is read. */
  congested = false;
  /** The peer reset the stream (RST_STREAM), with this status. */
  resetByPeer: number | undefined;
  /** The connection went away before the stream finished. */
  connectionLost = false;
  /** The peer sent FLAG_FIN. */
  remoteFinished = false;
  /** This side sent FLAG_FIN (or may not send: unidirectional). */
  localFinished = false;
  private resetSent = false;

  constructor(
    readonly id: number,
    readonly headers: SpdyHeaders,
    private readonly owner: StreamOwner,
    initialSendWindow: number,
  ) {
    super({ allowHalfOpen: true, readableHighWaterMark: readBufferBytes });
    this.sendWindow = initialSendWindow;
  }

  /** A header value (first of several), or undefined. */
  header(name: string): string | undefined {
    return this.headers[name.toLowerCase()]?.split('\0')[0];
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    // A stream reset by the peer or cut off with its connection drops what is still written to it.
    this.owner.writeData(this, chunk).then(
      () => callback(),
      () => callback(),
    );
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (this.localFinished) {
      callback();
      return;
    }
    this.localFinished = true;
    this.owner.writeFin(this).then(
      () => callback(),
      () => callback(),
    );
  }

  override _read(): void {
    if (this.congested) {
      this.congested = false;
      this.owner.drained(this);
    }
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const finished = this.localFinished && this.remoteFinished;
    if (!finished && this.resetByPeer === undefined && !this.connectionLost && !this.resetSent) {
      this.resetSent = true;
      this.owner.writeReset(this, RstStatus.cancel);
    }
    this.owner.release(this);
    callback(error);
  }

  /** Sends RST_STREAM with the given status and destroys the stream. */
  reset(status: number = RstStatus.cancel): void {
    if (this.destroyed) return;
    if (this.resetByPeer === undefined && !this.connectionLost && !this.resetSent) {
      this.resetSent = true;
      this.owner.writeReset(this, status);
    }
    this.destroy();
  }

  // --- called by the session ---------------------------------------------------------------------------------

  /** DATA arrived; returns false when the reader's buffer is full. */
  receive(data: Buffer): boolean {
    if (this.remoteFinished || this.destroyed) return true;
    this.unacknowledged += data.length;
    const more = this.push(data);
    if (!more) this.congested = true;
    return more;
  }

  receiveFin(): void {
    if (this.remoteFinished) return;
    this.remoteFinished = true;
    this.push(null);
  }

  receiveReset(status: number): void {
    this.resetByPeer = status;
    this.destroy();
  }

  lose(): void {
    this.connectionLost = true;
    this.destroy();
  }
}
