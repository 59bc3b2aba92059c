/**
 * A reader of the protobuf wire format (varints, length-delimited fields, fixed 32/64-bit values). Malformed
 * input throws a WireError whose text follows gogo-protobuf's (`unexpected EOF`, `proto: illegal tag 0`).
 */

export class WireError extends Error {}

export const WireType = {
  Varint: 0,
  Fixed64: 1,
  LengthDelimited: 2,
  Fixed32: 5,
} as const;

export class WireReader {
  private pos: number;

  constructor(
    private readonly buf: Uint8Array,
    start = 0,
    private readonly end = buf.length,
  ) {
    this.pos = start;
  }

  done(): boolean {
    return this.pos >= this.end;
  }

  /** The next field number and wire type. */
  tag(): { field: number; wireType: number } {
    const key = this.varint();
    const field = Number(key >> 3n);
    const wireType = Number(key & 7n);
    if (field <= 0) throw new WireError(`proto: illegal tag ${field} (wire type ${wireType})`);
    return { field, wireType };
  }

  varint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.pos >= this.end) throw new WireError('unexpected EOF');
      const b = this.buf[this.pos++] ?? 0;
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return BigInt.asUintN(64, result);
    }
    throw new WireError('proto: integer overflow');
  }

  /** int32/int64/uint32/uint64 as a JS number (exact up to 2^53). */
  int(): number {
    return Number(BigInt.asIntN(64, this.varint()));
  }

  bool(): boolean {
    return this.varint() !== 0n;
  }

  bytes(): Uint8Array {
    const len = this.varint();
    if (len > BigInt(this.end - this.pos)) throw new WireError('unexpected EOF');
    const start = this.pos;
    this.pos += Number(len);
    return this.buf.subarray(start, this.pos);
  }

  string(): string {
    return Buffer.from(this.bytes()).toString('utf8');
  }

  private fixed(size: number): DataView {
    if (this.pos + size > this.end) throw new WireError('unexpected EOF');
    const view = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, size);
    this.pos += size;
    return view;
  }

  double(): number {
    return this.fixed(8).getFloat64(0, true);
  }

  float(): number {
    return this.fixed(4).getFloat32(0, true);
  }

  fixed32(): number {
    return this.fixed(4).getUint32(0, true);
  }

  fixed64(): number {
    return Number(this.fixed(8).getBigUint64(0, true));
  }

  /** Skips a field's value. */
  skip(wireType: number): void {
    switch (wireType) {
      case WireType.Varint:
        this.varint();
        return;
      case WireType.Fixed64:
        this.fixed(8);
        return;
      case WireType.LengthDelimited:
        this.bytes();
        return;
      case WireType.Fixed32:
        this.fixed(4);
        return;
      default:
        throw new WireError(`proto: illegal wireType ${wireType}`);
    }
  }
}
