/**
 * Just enough of `resource.Quantity` for the node agent: parse `128Mi`, `500m`, `1.5`, `1e3` exactly and read
 * them back as whole units or milli-units rounded up, as `Quantity.Value()` and `MilliValue()` do.
 */

interface Rational {
  num: bigint;
  den: bigint;
}

const binary: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const decimal: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const shape = /^([+-]?)([0-9]*)(?:\.([0-9]*))?([a-zA-Z]*|[eE][+-]?[0-9]+)$/;

function parse(s: string): Rational | undefined {
  const m = shape.exec(s.trim());
  if (!m) return undefined;
  const [, sign = '', whole = '', fraction = '', suffix = ''] = m;
  if (whole === '' && fraction === '') return undefined;
  let num = BigInt(`${whole || '0'}${fraction}`);
  if (sign === '-') num = -num;
  let den = 10n ** BigInt(fraction.length);
  let power10: number;
  const b = binary[suffix];
  if (b !== undefined) return { num: num * 2n ** BigInt(b), den };
  const d = decimal[suffix];
  if (d !== undefined) power10 = d;
  else if (/^[eE]/.test(suffix)) power10 = Number(suffix.slice(1));
  else return undefined;
  if (Math.abs(power10) > 100) return undefined;
  if (power10 >= 0) num *= 10n ** BigInt(power10);
  else den *= 10n ** BigInt(-power10);
  return { num, den };
}

function ceilDiv(num: bigint, den: bigint): bigint {
  const q = num / den;
  return num % den !== 0n && num > 0n ? q + 1n : q;
}

/** `Quantity.Value()`: the value in whole units, rounded up; undefined when `s` is not a quantity. */
export function quantityValue(s: string): number | undefined {
  const q = parse(s);
  return q ? Number(ceilDiv(q.num, q.den)) : undefined;
}

/** `Quantity.MilliValue()`: the value in thousandths, rounded up; undefined when `s` is not a quantity. */
export function quantityMilliValue(s: string): number | undefined {
  const q = parse(s);
  return q ? Number(ceilDiv(q.num * 1000n, q.den)) : undefined;
}
