/**
 * Resource quantities (`1Gi`, `500m`, `0.5`, `1e3`) as exact rationals, enough to compare and add them the
 * way `resource.Quantity` does. Formatting back to the canonical form is not done here.
 */

export interface Quantity {
  /** The value is num / den; den > 0. */
  num: bigint;
  den: bigint;
}

const binarySuffixes: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const decimalSuffixes: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const number = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(.*)$/;
const exponent = /^[eE]([+-]?[0-9]+)$/;
/** Larger exponents are refused rather than expanded into huge integers. */
const maxExponent = 1000;

function scaled(num: bigint, den: bigint, power10: number): Quantity {
  return power10 >= 0 ? { num: num * 10n ** BigInt(power10), den } : { num, den: den * 10n ** BigInt(-power10) };
}

/** Parses a quantity; undefined when it is not one. */
export function parseQuantity(s: string): Quantity | undefined {
  const m = number.exec(s);
  if (!m) return undefined;
  const [, sign = '', whole = '', fraction = '', suffix = ''] = m;
  if (whole === '' && fraction === '') return undefined;
  let num = BigInt(`${whole || '0'}${fraction}`);
  if (sign === '-') num = -num;
  const den = 10n ** BigInt(fraction.length);
  const binary = binarySuffixes[suffix];
  if (binary !== undefined) return { num: num * 2n ** BigInt(binary), den };
  const decimal = decimalSuffixes[suffix];
  if (decimal !== undefined) return scaled(num, den, decimal);
  const e = exponent.exec(suffix);
  const power = Number(e?.[1]);
  return e && Math.abs(power) <= maxExponent ? scaled(num, den, power) : undefined;
}

/** Negative, zero or positive as a < b, a = b, a > b. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  const left = a.num * b.den;
  const right = b.num * a.den;
  return left < right ? -1 : left > right ? 1 : 0;
}

export function addQuantities(a: Quantity, b: Quantity): Quantity {
  return { num: a.num * b.den + b.num * a.den, den: a.den * b.den };
}

export const zeroQuantity: Quantity = { num: 0n, den: 1n };
