/**
 * Finds where a `Transfer-Encoding: chunked` body ends without decoding it, so the proxy can pass chunked
 * answers through byte for byte and still know when the connection is free for the next request. Pure state
 * machine over the bytes as they arrive.
 */

enum State {
  Size,
  Extension,
  SizeLf,
  Data,
  DataCr,
  DataLf,
  TrailerStart,
  Trailer,
  TrailerLf,
  FinalLf,
  Done,
  Invalid,
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

export class ChunkedTracker {
  private state = State.Size;
  private size = 0;
  private digits = 0;

  /**
   * Consumes `buf` from `start`; returns the offset just past the body's end when it ends within `buf`, -1 when
   * more is needed, and throws on malformed framing.
   */
  feed(buf: Uint8Array, start = 0): number {
    let i = start;
    const n = buf.length;
    while (i < n) {
      const c = buf[i] as number;
      switch (this.state) {
        case State.Size: {
          const v = hexValue(c);
          if (v >= 0) {
            if (++this.digits > 12) return this.invalid();
            this.size = this.size * 16 + v;
          } else if (this.digits === 0) return this.invalid();
          else if (c === 13) this.state = State.SizeLf;
          else if (c === 59 || c === 32 || c === 9) this.state = State.Extension;
          else return this.invalid();
          i++;
          break;
        }
        case State.Extension:
          if (c === 13) this.state = State.SizeLf;
          i++;
          break;
        case State.SizeLf:
          if (c !== 10) return this.invalid();
          this.state = this.size === 0 ? State.TrailerStart : State.Data;
          i++;
          break;
        case State.Data: {
          const take = Math.min(this.size, n - i);
          this.size -= take;
          i += take;
          if (this.size === 0) this.state = State.DataCr;
          break;
        }
        case State.DataCr:
          if (c !== 13) return this.invalid();
          this.state = State.DataLf;
          i++;
          break;
        case State.DataLf:
          if (c !== 10) return this.invalid();
          this.state = State.Size;
          this.digits = 0;
          i++;
          break;
        case State.TrailerStart:
          this.state = c === 13 ? State.FinalLf : State.Trailer;
          i++;
          break;
        case State.Trailer:
          if (c === 13) this.state = State.TrailerLf;
          i++;
          break;
        case State.TrailerLf:
          if (c !== 10) return this.invalid();
          this.state = State.TrailerStart;
          i++;
          break;
        case State.FinalLf:
          if (c !== 10) return this.invalid();
          this.state = State.Done;
          return i + 1;
        default:
          return this.invalid();
      }
    }
    return -1;
  }

  private invalid(): never {
    this.state = State.Invalid;
    throw new Error('malformed chunked encoding');
  }
}
