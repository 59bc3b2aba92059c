/**
 * `@peculiar/x509`, loaded after a minimal Reflect metadata shim. The library's dependency injection (tsyringe)
 * throws at import time unless `Reflect.getMetadata` exists ("Reflect polyfill required" in its README). Rather
 * than a polyfill package, the three functions tsyringe calls are provided here when nothing else did; the
 * library is imported dynamically so the shim is in place first whatever order imports are sorted in.
 */
import { webcrypto } from 'node:crypto';

type MetadataTable = Map<string | symbol | undefined, Map<unknown, unknown>>;

interface ReflectMetadata {
  getMetadata?: (key: unknown, target: object, property?: string | symbol) => unknown;
  getOwnMetadata?: (key: unknown, target: object, property?: string | symbol) => unknown;
  defineMetadata?: (key: unknown, value: unknown, target: object, property?: string | symbol) => void;
}

function installReflectMetadataShim(): void {
  const reflect = Reflect as typeof Reflect & ReflectMetadata;
  if (typeof reflect.getMetadata === 'function') return;
  const tables = new WeakMap<object, MetadataTable>();
  const own = (key: unknown, target: object, property?: string | symbol): unknown =>
    tables.get(target)?.get(property)?.get(key);
  reflect.getOwnMetadata = own;
  reflect.getMetadata = (key, target, property) => {
    for (let t: object | null = target; t !== null; t = Object.getPrototypeOf(t) as object | null) {
      const value = own(key, t, property);
      if (value !== undefined) return value;
    }
    return undefined;
  };
  reflect.defineMetadata = (key, value, target, property) => {
    const table: MetadataTable = tables.get(target) ?? new Map();
    tables.set(target, table);
    const entries = table.get(property) ?? new Map<unknown, unknown>();
    table.set(property, entries);
    entries.set(key, value);
  };
}

installReflectMetadataShim();

/** The `@peculiar/x509` module, with Node's WebCrypto as its crypto provider. */
export const x509 = await import('@peculiar/x509');
x509.cryptoProvider.set(webcrypto);
