/**
 * Kubernetes' WebSocket channel protocols (`channel.k8s.io`, `v4.channel.k8s.io`, `v5.channel.k8s.io`, and the
 * `base64.` variants): every message is one channel's data, the channel number in the first byte (binary) or as
 * an ASCII digit followed by base64 (text). v5 adds the close signal: `[255, channel]` ends that channel's input.
 */
import { Writable } from 'node:stream';
import type { WebSocket } from 'ws';

export type ChannelEncoding = 'binary' | 'base64';

/** The v5 close signal's channel byte. */
export const closeSignalChannel = 255;

export function encodeChannelMessage(encoding: ChannelEncoding, channel: number, data: Buffer): Buffer | string {
  if (encoding === 'base64') return String.fromCharCode(48 + channel) + data.toString('base64');
  const message = Buffer.allocUnsafe(data.length + 1);
  message[0] = channel;
  data.copy(message, 1);
  return message;
}

export function decodeChannelMessage(
  encoding: ChannelEncoding,
  message: Buffer,
): { channel: number; data: Buffer } | undefined {
  if (message.length === 0) return undefined;
  if (encoding === 'base64') {
    const text = message.toString('latin1');
    return { channel: text.charCodeAt(0) - 48, data: Buffer.from(text.slice(1), 'base64') };
  }
  return { channel: message[0] ?? 0, data: message.subarray(1) };
}

/** Bytes queued on the socket beyond which writers wait for it to drain. */
const sendBuffer = 1024 * 1024;

/** A WebSocket speaking one of the channel protocols. */
export class ChannelConnection {
  private readonly handlers = new Map<number, (data: Buffer) => void>();
  private closeSignalHandler: ((channel: number) => void) | undefined;
  readonly closed: Promise<void>;

  constructor(
    readonly ws: WebSocket,
    readonly encoding: ChannelEncoding,
  ) {
    ws.on('message', (raw: Buffer | ArrayBuffer | Buffer[]) => {
      const message = Buffer.isBuffer(raw) ? raw : Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw);
      const decoded = decodeChannelMessage(this.encoding, message);
      if (!decoded) return;
      if (decoded.channel === closeSignalChannel) {
        this.closeSignalHandler?.(decoded.data[0] ?? -1);
        return;
      }
      this.handlers.get(decoded.channel)?.(decoded.data);
    });
    ws.on('error', () => ws.terminate());
    this.closed = new Promise((resolve) => ws.once('close', () => resolve()));
  }

  /** Receives the client's data on `channel`. */
  onChannel(channel: number, handler: (data: Buffer) => void): void {
    this.handlers.set(channel, handler);
  }

  /** Receives v5 close signals (the channel whose input ended). */
  onCloseSignal(handler: (channel: number) => void): void {
    this.closeSignalHandler = handler;
  }

  /** Sends data on a channel; resolves when the socket can take more. */
  send(channel: number, data: Buffer): Promise<void> {
    if (this.ws.readyState !== this.ws.OPEN) return Promise.resolve();
    return new Promise((resolve) => {
      const queued = this.ws.bufferedAmount;
      this.ws.send(encodeChannelMessage(this.encoding, channel, data), () => resolve());
      if (queued < sendBuffer) resolve();
    });
  }

  /** A writable stream whose writes go out on `channel` (ending it sends nothing). */
  writer(channel: number): Writable {
    return new Writable({
      write: (chunk: Buffer, _encoding, callback) => {
        this.send(channel, chunk).then(() => callback());
      },
    });
  }

  /** Stops reading from the client until `resume()` (back-pressure towards the client). */
  pause(): void {
    this.ws.pause();
  }

  resume(): void {
    this.ws.resume();
  }

  /** Sends a close frame and waits (at most `timeoutMs`) for the client to close; then drops the socket. */
  async close(code = 1000, timeoutMs = 60_000): Promise<void> {
    if (this.ws.readyState === this.ws.OPEN) this.ws.close(code);
    const timer = setTimeout(() => this.ws.terminate(), timeoutMs);
    timer.unref();
    await this.closed;
    clearTimeout(timer);
  }
}
