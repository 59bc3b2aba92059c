/**
 * The vendored Kubernetes `generated.proto` files (vendor/k8s-proto), read once per process into a compact
 * catalog of messages, fields and comments. Parsing them with protobufjs takes ~100–150 ms, so the catalog is
 * cached as JSON in a cache directory (default `$XDG_CACHE_HOME/kubeling` or `~/.cache/kubeling`), keyed by a
 * hash of the proto sources; a warm load takes a few milliseconds. A cache that cannot be read or written is
 * ignored.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

export interface CatalogField {
  /** Protobuf field name (usually the JSON name; see go-field-traits.ts for the exceptions). */
  name: string;
  id: number;
  /** A scalar type (`string`, `int32`, …) or a fully qualified message name without the leading dot. */
  type: string;
  repeated: boolean;
  /** Key type of a `map<K, V>` field (`type` is then the value type). */
  keyType?: string;
  comment?: string;
}

export interface CatalogMessage {
  /** Fully qualified name, e.g. `k8s.io.api.core.v1.Pod`. */
  name: string;
  comment?: string;
  fields: CatalogField[];
}

export interface CatalogStats {
  /** Milliseconds spent producing the catalog (parse or cache read). */
  loadMs: number;
  source: 'protos' | 'cache';
}

const cacheFormat = 1;
const protoDir = fileURLToPath(new URL('../../../vendor/k8s-proto/', import.meta.url));

export const scalarTypes: ReadonlySet<string> = new Set([
  'string',
  'bytes',
  'bool',
  'int32',
  'int64',
  'uint32',
  'uint64',
  'sint32',
  'sint64',
  'fixed32',
  'fixed64',
  'sfixed32',
  'sfixed64',
  'double',
  'float',
]);

function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'kubeling');
}

let cacheDir: string | null = defaultCacheDir();
let catalog: Map<string, CatalogMessage> | undefined;
let stats: CatalogStats | undefined;

/** Where the parsed catalog is cached (`null`: never cache). Call before the first use to take effect. */
export function setSchemaCacheDir(dir: string | null): void {
  cacheDir = dir;
}

/** How the catalog was loaded in this process (undefined before the first use). */
export function catalogStats(): CatalogStats | undefined {
  return stats;
}

function protoFiles(): string[] {
  return readdirSync(protoDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.proto'))
    .sort();
}

/**
 * protobufjs trims comment lines; keep the indentation after `// ` (it separates paragraphs and examples in the
 * API documentation) by turning it into private-use characters that survive the trim.
 */
const indentSpace = '\uE000';
const indentTab = '\uE001';
function protectIndentation(source: string): string {
  return source.replace(/^([ \t]*\/\/ )([ \t]+)/gm, (_m, lead: string, indent: string) => {
    return lead + indent.replaceAll(' ', indentSpace).replaceAll('\t', indentTab);
  });
}
function restoreIndentation(text: string): string {
  return text.replaceAll(indentSpace, ' ').replaceAll(indentTab, '\t');
}

function parseRoot(sources: readonly string[]): protobuf.Root {
  const root = new protobuf.Root();
  for (const source of sources) {
    protobuf.parse(protectIndentation(source), root, { keepCase: true, alternateCommentMode: true });
  }
  return root;
}

function eachType(ns: protobuf.NamespaceBase, fn: (t: protobuf.Type) => void): void {
  for (const nested of ns.nestedArray) {
    if (nested instanceof protobuf.Type) fn(nested);
    if (nested instanceof protobuf.Namespace || nested instanceof protobuf.Type) eachType(nested, fn);
  }
}

function qualify(type: string, scope: protobuf.Type): string {
  if (scalarTypes.has(type)) return type;
  if (type.startsWith('.')) return type.slice(1);
  const parent = scope.parent?.fullName ?? '';
  return `${parent.replace(/^\./, '')}.${type}`;
}

function buildCatalog(root: protobuf.Root): Map<string, CatalogMessage> {
  const out = new Map<string, CatalogMessage>();
  eachType(root, (t) => {
    const name = t.fullName.replace(/^\./, '');
    const message: CatalogMessage = { name, fields: [] };
    if (t.comment) message.comment = restoreIndentation(t.comment);
    for (const f of t.fieldsArray) {
      const field: CatalogField = { name: f.name, id: f.id, type: qualify(f.type, t), repeated: f.repeated };
      if (f instanceof protobuf.MapField) field.keyType = f.keyType;
      if (f.comment) field.comment = restoreIndentation(f.comment);
      message.fields.push(field);
    }
    out.set(name, message);
  });
  return out;
}

/** Messages referenced but not vendored (alpha APIs imported by newer protos) become empty messages. */
function stubMissingTypes(root: protobuf.Root): string[] {
  const missing: string[] = [];
  eachType(root, (t) => {
    for (const f of t.fieldsArray) {
      if (scalarTypes.has(f.type) || t.lookup(f.type, [protobuf.Type, protobuf.Enum])) continue;
      const full = qualify(f.type, t);
      const dot = full.lastIndexOf('.');
      root.define(full.slice(0, dot)).add(new protobuf.Type(full.slice(dot + 1)));
      missing.push(full);
    }
  });
  return missing;
}

/** Parses the vendored protos with protobufjs into a resolved Root (for encoding in tests and tools). */
export function loadProtoRoot(): protobuf.Root {
  const root = parseRoot(protoFiles().map((f) => readFileSync(join(protoDir, f), 'utf8')));
  stubMissingTypes(root);
  root.resolveAll();
  return root;
}

type CachedField = [string, number, string, 0 | 1, string | null, string | null];
interface CacheFile {
  format: number;
  key: string;
  messages: [string, string | null, CachedField[]][];
}

function readCache(file: string, key: string): Map<string, CatalogMessage> | undefined {
  let data: CacheFile;
  try {
    data = JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
  } catch {
    return undefined;
  }
  if (data.format !== cacheFormat || data.key !== key || !Array.isArray(data.messages)) return undefined;
  const out = new Map<string, CatalogMessage>();
  for (const [name, comment, fields] of data.messages) {
    const message: CatalogMessage = { name, fields: [] };
    if (comment !== null) message.comment = comment;
    for (const [fname, id, type, repeated, keyType, fcomment] of fields) {
      const field: CatalogField = { name: fname, id, type, repeated: repeated === 1 };
      if (keyType !== null) field.keyType = keyType;
      if (fcomment !== null) field.comment = fcomment;
      message.fields.push(field);
    }
    out.set(name, message);
  }
  return out;
}

function writeCache(dir: string, file: string, key: string, messages: Map<string, CatalogMessage>): void {
  const data: CacheFile = {
    format: cacheFormat,
    key,
    messages: [...messages.values()].map((m) => [
      m.name,
      m.comment ?? null,
      m.fields.map((f) => [f.name, f.id, f.type, f.repeated ? 1 : 0, f.keyType ?? null, f.comment ?? null]),
    ]),
  };
  try {
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(data));
    renameSync(tmp, file);
  } catch {
    // A read-only or missing home directory only costs the parse next time.
  }
}

/** The message catalog, loaded on first use (from the cache when it matches the vendored protos). */
export function protoCatalog(): ReadonlyMap<string, CatalogMessage> {
  if (catalog) return catalog;
  const started = performance.now();
  const sources = protoFiles().map((f) => readFileSync(join(protoDir, f), 'utf8'));
  const hash = createHash('sha256');
  for (const s of sources) hash.update(s);
  const key = `${cacheFormat}-${hash.digest('hex').slice(0, 24)}`;
  const file = cacheDir === null ? undefined : join(cacheDir, `proto-catalog-${key}.json`);
  const cached = file ? readCache(file, key) : undefined;
  if (cached) {
    catalog = cached;
    stats = { loadMs: performance.now() - started, source: 'cache' };
    return catalog;
  }
  catalog = buildCatalog(parseRoot(sources));
  if (cacheDir !== null && file) writeCache(cacheDir, file, key, catalog);
  stats = { loadMs: performance.now() - started, source: 'protos' };
  return catalog;
}
