/**
 * The two integer views of a resource quantity the scheduler needs (apimachinery `resource.Quantity`):
 * `Value()` and `MilliValue()`, both rounded up, as kube-scheduler counts CPU in millicores and memory in bytes.
 */

const decimalExponents: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const binaryExponents: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const pattern = /^([+-]?)([0-9]*)(?:\.([0-9]*))?([a-zA-Z]*|[eE][+-]?[0-9]+)$/;

/** An exact quantity as the fraction `num / den` (den > 0). */
interface Fraction {
  num: bigint;
  den: bigint;
}

function parseFraction(input: unknown): Fraction | undefined {
  const text = typeof input === 'number' ? String(input) : input;
  if (typeof text !== 'string') return undefined;
  const m = pattern.exec(text.trim());
  if (!m) return undefined;
  const [, sign = '', whole = '', frac = '', suffix = ''] = m;
  if (whole === '' && frac === '') return undefined;
  let num = BigInt(`${whole}${frac}` || '0');
  let den = 10n ** BigInt(frac.length);
  if (sign === '-') num = -num;
  const binary = binaryExponents[suffix];
  const decimal = decimalExponents[suffix];
  let exponent: number;
  if (binary !== undefined) {
    num *= 2n ** BigInt(binary);
    exponent = 0;
  } else if (decimal !== undefined) {
    exponent = decimal;
  } else if (/^[eE][+-]?[0-9]+$/.test(suffix)) {
    exponent = Number(suffix.slice(1));
  } else {
    return undefined;
  }
  if (exponent >= 0) num *= 10n ** BigInt(exponent);
  else den *= 10n ** BigInt(-exponent);
  return { num, den };
}

function ceilDiv(num: bigint, den: bigint): bigint {
  const q = num / den;
  return num % den !== 0n && num > 0n ? q + 1n : q;
}

/** `Quantity.Value()`: the integer value rounded up; undefined when `input` is not a quantity. */
export function quantityValue(input: unknown): number | undefined {
  const f = parseFraction(input);
  return f ? Number(ceilDiv(f.num, f.den)) : undefined;
}

/** `Quantity.MilliValue()`: the value in thousandths, rounded up; undefined when `input` is not a quantity. */
export function quantityMilliValue(input: unknown): number | undefined {
  const f = parseFraction(input);
  return f ? Number(ceilDiv(f.num * 1000n, f.den)) : undefined;
}
