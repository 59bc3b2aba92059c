import { randomInt } from 'node:crypto';

/** Kubernetes' alphabet for random name suffixes (no vowels, no confusable characters). */
const alphabet = 'bcdfghjklmnpqrstvwxz2456789';

export function randomSuffix(length = 5): string {
  let s = '';
  for (let i = 0; i < length; i++) s += alphabet[randomInt(alphabet.length)];
  return s;
}

/** `generateName` + 5 random characters, the base cut to fit 63 characters as the apiserver does. */
export function generateName(base: string): string {
  const maxBase = 63 - 5;
  return `${base.length > maxBase ? base.slice(0, maxBase) : base}${randomSuffix()}`;
}
